import OMSProto
import OMSWire
import SwiftProtobuf

/// A typical call: an inventory Reserve of two lines, as a client frames it
/// and as the server answers it (MESSAGE with the reservation, then STATUS OK).
enum SampleFrames {
    static let streamID: UInt32 = 41

    static let header: Oms_V1_RequestHeader = {
        var header = Oms_V1_RequestHeader()
        header.method = "oms.v1.InventoryService/Reserve"
        header.timeoutMicros = 2_000_000
        header.authToken = "c2VjcmV0LXRva2VuLWZvci13bXMtMDE"
        header.idempotencyKey = "pick-4711"
        header.traceID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        return header
    }()

    static let request: [UInt8] = {
        var request = Oms_V1_ReserveStockRequest()
        request.plantID = "P1"
        request.externalReference = "pick-4711"
        request.lines = [line("STEEL-BAR", "12.5", unit: "kg"), line("BOLT-M8", "40", unit: "pc")]
        return bytes(request)
    }()

    static let response: [UInt8] = {
        var reservation = Oms_V1_Reservation()
        reservation.reservationID = "P1-R1042"
        reservation.plantID = "P1"
        reservation.externalReference = "pick-4711"
        reservation.state = .active
        reservation.expiresAt = Google_Protobuf_Timestamp(seconds: 1_800_003_600)
        reservation.lines = [reservationLine("STEEL-BAR", "12.5", unit: "kg"), reservationLine("BOLT-M8", "40", unit: "pc")]
        var response = Oms_V1_ReserveStockResponse()
        response.reservation = reservation
        return bytes(response)
    }()

    /// `count` request frames back to back, as a server reads them from a busy connection.
    static func requestStream(count: Int) -> [UInt8] {
        var stream: [UInt8] = []
        for index in 0..<count {
            Frame.request(streamID: UInt32(2 * index + 1), header: header, message: request).encode(into: &stream)
        }
        return stream
    }

    /// `count` answers (MESSAGE + STATUS) back to back, as a client reads them.
    static func responseStream(count: Int) -> [UInt8] {
        var stream: [UInt8] = []
        for index in 0..<count {
            let id = UInt32(2 * index + 1)
            Frame.message(streamID: id, response).encode(into: &stream)
            Frame.status(streamID: id, Oms_V1_Status.ok).encode(into: &stream)
        }
        return stream
    }

    private static func line(_ item: String, _ quantity: String, unit: String) -> Oms_V1_StockLine {
        var line = Oms_V1_StockLine()
        line.itemID = item
        line.quantity = quantity
        line.unit = unit
        return line
    }

    private static func reservationLine(_ item: String, _ quantity: String, unit: String) -> Oms_V1_ReservationLine {
        var line = Oms_V1_ReservationLine()
        line.itemID = item
        line.unit = unit
        line.quantity = quantity
        line.quantityOpen = quantity
        line.quantityConsumed = "0"
        return line
    }

    // Fixed, valid messages: serialising them cannot fail.
    private static func bytes(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        (try? message.serializedBytes()) ?? []
    }
}
