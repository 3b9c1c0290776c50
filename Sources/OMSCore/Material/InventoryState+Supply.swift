import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// Future supply of an item over all its locations, earliest first: the
    /// open quantity of expected receipts at their date, what is in transit
    /// to the plant at its expected arrival (overdue or unknown ones at
    /// `now`), and what ACTIVE reservations with an expiry still hold, at
    /// that expiry. Same instants share one entry.
    func supplySchedule(itemID: String, now: Google_Protobuf_Timestamp) -> [(at: Google_Protobuf_Timestamp, quantity: Quantity)] {
        var supply: [Google_Protobuf_Timestamp: Quantity] = [:]
        func add(_ quantity: Quantity, at time: Google_Protobuf_Timestamp) {
            let at = Google_Protobuf_Timestamp.precedesOrEquals(time, now) ? now : time
            supply[at] = supply[at, default: .zero].saturatingAdding(quantity)
        }
        for receipt in expectedReceipts.values where receipt.itemID == itemID {
            add(Quantity(micros: receipt.quantityOpenMicros), at: receipt.expectedAt)
        }
        forEachInTransit(StockKey(itemID: itemID, locationID: "")) { quantity, arrival in add(quantity, at: arrival ?? now) }
        for id in expiring.ids {
            guard let reservation = reservations[id], reservation.status == .active,
                let expiresAt = reservation.expiresAt
            else { continue }
            for line in reservation.lines where line.key.itemID == itemID { add(line.open, at: expiresAt) }
        }
        return supply.sorted { Google_Protobuf_Timestamp.precedesOrEquals($0.key, $1.key) }
            .map { (at: $0.key, quantity: $0.value) }
    }

    /// The n-th reservation id from now (1 = the next).
    func reservationID(offset: Int) -> String {
        "\(plantID)-R\(reservationCount + UInt64(offset))"
    }

    /// What a production order's reservations cover per component item:
    /// reserved less returned (what is still held plus what was issued).
    func coverage(ofProductionOrder lot: String) -> [String: Quantity] {
        var covered: [String: Quantity] = [:]
        for id in reservationsByProductionOrder[lot] ?? [] {
            guard let reservation = reservations[id] else { continue }
            for line in reservation.lines {
                covered[line.key.itemID, default: .zero] = covered[line.key.itemID, default: .zero]
                    .saturatingAdding(line.quantity.saturatingSubtracting(line.returned))
            }
        }
        return covered
    }
}
