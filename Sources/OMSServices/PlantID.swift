import OMSRPC
import OMSWire

/// Plant ids name shards and journal rows: short, printable, no surprises.
enum PlantID {
    /// Reservation ids are "<plant>-R<n>": the plant's writer owns the reservation.
    static func owning(reservation id: String) -> String {
        guard let separator = id.range(of: "-R", options: .backwards) else { return "" }
        return String(id[..<separator.lowerBound])
    }

    /// Transfer ids are "<plant>-T<n>": the source plant's writer made it.
    static func owning(transfer id: String) -> String {
        guard let separator = id.range(of: "-T", options: .backwards) else { return "" }
        return String(id[..<separator.lowerBound])
    }

    /// Order ids are "<plant>-O<n>": the plant's writer owns the order.
    static func owning(order id: String) -> (plant: String, field: String) {
        guard let separator = id.range(of: "-O", options: .backwards) else { return ("", "order_id") }
        return (String(id[..<separator.lowerBound]), "order_id")
    }

    /// Production order ids are "<plant>-P<n>"; a request naming several
    /// must name one plant's (the plant's writer decides over all of them).
    static func owning(productionOrders ids: [String], field: String) -> (plant: String, field: String) {
        let plants = Set(ids.map { id in
            id.range(of: "-P", options: .backwards).map { String(id[..<$0.lowerBound]) } ?? ""
        })
        guard plants.count == 1, let plant = plants.first else { return ("", field) }
        return (plant, field)
    }

    /// `field`: where the id came from, named in the error (an id derived
    /// from an order id is refused as that order id).
    static func validate(_ id: String, field: String = "plant_id") throws(RPCError) {
        if field == "order_id" && id.isEmpty {
            throw RPCError.invalidArgument(field: field, "not an order id of omsd (<plant>-O<n>)")
        }
        if field.hasPrefix("production_order_id") && id.isEmpty {
            throw RPCError.invalidArgument(
                field: field, "production order ids of omsd (<plant>-P<n>), all of one plant")
        }
        guard !id.isEmpty else { throw RPCError.invalidArgument(field: field, "required") }
        guard id.utf8.count <= 64, id.utf8.allSatisfy({ $0.isPlantIDByte }) else {
            throw RPCError.invalidArgument(field: field, "at most 64 characters of A-Z a-z 0-9 . _ -")
        }
    }
}

extension UInt8 {
    fileprivate var isPlantIDByte: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
            || self == 0x2E || self == 0x5F || self == 0x2D
    }
}
