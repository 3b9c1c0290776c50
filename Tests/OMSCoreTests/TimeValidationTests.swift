import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// Times in inventory requests must be storable: years 1 to 9999 and nanos
/// below a second. Anything else is INVALID_ARGUMENT naming the field, and
/// nothing changes (a time beyond that range would overflow the journal's
/// projections).
@Suite struct TimeValidationTests {
    typealias H = Harness
    static let beyond: Google_Protobuf_Timestamp = {
        var time = Google_Protobuf_Timestamp()
        time.seconds = 9_300_000_000_000  // year ~294,000
        return time
    }()
    static let badNanos: Google_Protobuf_Timestamp = {
        var time = Google_Protobuf_Timestamp(date: Date(timeIntervalSince1970: 1_900_000_000))
        time.nanos = 1_000_000_000
        return time
    }()

    static func stocked() throws -> Harness {
        var h = Harness()
        try h.run(H.receive(H.line("bolt", "10")))
        return h
    }

    @Test(arguments: [beyond, badNanos])
    func reserveAndConfirmRefuseAnExpiryOutOfRange(_ time: Google_Protobuf_Timestamp) throws {
        var h = try Self.stocked()
        var reserve = H.reserveRequest([H.line("bolt", "1")])
        reserve.expiresAt = time
        #expect(h.refusal(.reserve(reserve))?.field == "expires_at")
        guard case .reserve(let made) = try h.run(H.reserve(H.line("bolt", "1"))) else {
            Issue.record("not a reserve reply")
            return
        }
        var confirm = Oms_V1_ConfirmReservationRequest()
        confirm.reservationID = made.reservation.reservationID
        confirm.expiresAt = time
        #expect(h.refusal(.confirmReservation(confirm))?.field == "expires_at")
    }

    @Test(arguments: [beyond, badNanos])
    func expectedReceiptsAndTransfersRefuseATimeOutOfRange(_ time: Google_Protobuf_Timestamp) throws {
        var h = try Self.stocked()
        var expect = Oms_V1_ExpectReceiptRequest()
        expect.expectedReceiptID = "PO-1"
        expect.itemID = "bolt"
        expect.quantity = "5"
        expect.expectedAt = time
        #expect(h.refusal(.expectReceipt(expect))?.field == "expected_at")
        var ship = Oms_V1_TransferStockRequest()
        ship.fromPlantID = Harness.plant
        ship.toPlantID = "P2"
        ship.lines = [H.line("bolt", "1")]
        ship.expectedArrival = time
        #expect(h.refusal(.transfer(ship))?.field == "expected_arrival")
    }
}
