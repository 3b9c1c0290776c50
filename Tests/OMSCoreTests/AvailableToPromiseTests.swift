import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// Time-phased available-to-promise: stock now, expected receipts by date,
/// reservations (which hold stock now and give it back at their expiry), and
/// ConfirmReservation (which makes a reservation firm and so takes its
/// return out of the curve). Expected receipts also count as on order.
@Suite struct AvailableToPromiseTests {
    static let hour: TimeInterval = 3_600

    static func expect(
        _ id: String, _ item: String, _ quantity: String, inHours hours: Double, from now: Date, location: String = ""
    ) -> InventoryCommand {
        var request = Oms_V1_ExpectReceiptRequest()
        request.expectedReceiptID = id
        request.itemID = item
        request.quantity = quantity
        request.locationID = location
        request.expectedAt = Google_Protobuf_Timestamp(date: now.addingTimeInterval(hours * hour))
        request.kind = .purchase
        request.reference = "PO-\(id)"
        return .expectReceipt(request)
    }

    static func confirm(_ id: String, expiresAt: Date? = nil) -> InventoryCommand {
        var request = Oms_V1_ConfirmReservationRequest()
        request.reservationID = id
        if let expiresAt { request.expiresAt = Google_Protobuf_Timestamp(date: expiresAt) }
        return .confirmReservation(request)
    }

    /// (hours from now, receipts, ATP) per point of the bolt curve up to `horizon` hours.
    static func curve(_ h: Harness, horizon: Double = 100, item: String = "bolt") throws -> [(Double, String, String)] {
        var request = Oms_V1_StockAvailabilityRequest()
        request.itemIds = [item]
        request.horizonEnd = Google_Protobuf_Timestamp(date: h.now.addingTimeInterval(horizon * hour))
        let points = try h.state.availability(request, now: h.now).items[0].atp
        return points.map { point in
            ((point.time.date.timeIntervalSince(h.now) / hour).rounded(), point.receipts, point.availableToPromise)
        }
    }

    static func onOrder(_ h: Harness, _ item: String = "bolt") throws -> String {
        var request = Oms_V1_StockAvailabilityRequest()
        request.itemIds = [item]
        return try h.state.availability(request, now: h.now).items[0].balance.onOrder
    }

    @Test func receiptsRaiseTheCurveOnTheirDatesWithinTheHorizon() throws {
        var h = try ReserveTests.stocked()  // bolt: 10 on hand
        try h.run(H.reserve(H.line("bolt", "4")), as: "wms-1")  // firm: 6 available
        try h.run(Self.expect("PO-1", "bolt", "5", inHours: 48, from: h.now))
        try h.run(Self.expect("PO-2", "bolt", "2.5", inHours: 24, from: h.now))
        try h.run(Self.expect("PO-3", "bolt", "100", inHours: 200, from: h.now))  // beyond the horizon

        let points = try Self.curve(h)
        #expect(points.map(\.0) == [0, 24, 48])
        #expect(points.map(\.1) == ["0", "2.5", "5"])
        #expect(points.map(\.2) == ["6", "8.5", "13.5"])
        #expect(try Self.onOrder(h) == "107.5", "on order counts every open expected receipt")
    }

    @Test func reservationsThatMayExpireReturnTheirStockAtExpiryUntilConfirmed() throws {
        var h = try ReserveTests.stocked()
        var soft = H.reserveRequest([H.line("bolt", "3")])
        soft.expiresAt = Google_Protobuf_Timestamp(date: h.now.addingTimeInterval(12 * Self.hour))
        try h.run(.reserve(soft), as: "wms-1")
        try h.run(H.consume("P1-R1", H.line("bolt", "1")), as: "wms-1")  // 2 still held

        #expect(try Self.curve(h).map(\.2) == ["7", "9"], "what it still holds comes back at 12 h")
        #expect(try Self.curve(h).map(\.0) == [0, 12])

        // Confirmed firm: it no longer comes back.
        let reply = try h.run(Self.confirm("P1-R1"), as: "wms-1")
        guard case .confirmReservation(let confirmed) = reply else { Issue.record("not a confirm reply"); return }
        #expect(!confirmed.reservation.hasExpiresAt && confirmed.reservation.version == 3)
        #expect(try Self.curve(h).map(\.2) == ["7"])
        #expect(h.state.expire(now: h.now.addingTimeInterval(24 * Self.hour)).isEmpty, "firm: never expires")

        // A new expiry puts it back, at the new time.
        try h.run(Self.confirm("P1-R1", expiresAt: h.now.addingTimeInterval(30 * Self.hour)), as: "wms-1")
        #expect(try Self.curve(h).map(\.0) == [0, 30])
        #expect(try h.replayed() == h.state)
    }

    @Test func overdueReceiptsCountNowAndReceivingLowersWhatIsExpected() throws {
        var h = try ReserveTests.stocked()
        try h.run(Self.expect("PO-1", "bolt", "5", inHours: 2, from: h.now))
        h.now.addTimeInterval(5 * Self.hour)  // overdue now
        #expect(try Self.curve(h).map(\.1) == ["5"] && (try Self.curve(h).map(\.2)) == ["15"])

        var receive = Oms_V1_ReceiveStockRequest()
        receive.lines = [H.line("bolt", "3")]
        receive.kind = .purchase
        receive.expectedReceiptID = "PO-1"
        try h.run(.receive(receive))
        #expect(try Self.onOrder(h) == "2", "3 of 5 arrived")
        #expect(try Self.curve(h).map(\.2) == ["15"], "13 on hand + 2 still expected")
        try h.run(.receive(receive))
        #expect(try Self.onOrder(h) == "0" && h.state.expectedReceipt(id: "PO-1") == nil, "received in full")
        #expect(try h.replayed() == h.state)
        let bytes: [UInt8] = try h.state.snapshot().serializedBytes()
        #expect(InventoryState(snapshot: try Oms_Journal_V1_InventorySnapshot(serializedBytes: bytes)) == h.state)
    }

    @Test func expectedReceiptsAreUpdatedWithdrawnAndValidated() throws {
        var h = try ReserveTests.stocked()
        try h.run(Self.expect("PO-1", "bolt", "5", inHours: 10, from: h.now))
        let (same, _) = try h.runWithEvents(Self.expect("PO-1", "bolt", "5", inHours: 10, from: h.now))
        #expect(same.isEmpty, "the same content again changes nothing")
        let reply = try h.run(Self.expect("PO-1", "bolt", "8", inHours: 20, from: h.now))
        guard case .expectReceipt(let updated) = reply else { Issue.record("not an expect reply"); return }
        #expect(updated.expectedReceipt.version == 2 && updated.expectedReceipt.quantityOpen == "8")

        #expect(h.refusal(Self.expect("PO-1", "nut", "1", inHours: 1, from: h.now))?.field == "item_id")
        #expect(h.refusal(Self.expect("PO-2", "bolt", "-1", inHours: 1, from: h.now))?.field == "quantity")
        #expect(h.refusal(Self.expect("PO-9", "bolt", "0", inHours: 1, from: h.now))?.code == .notFound)
        var wrongUnit = Oms_V1_ExpectReceiptRequest()
        wrongUnit.expectedReceiptID = "PO-3"
        wrongUnit.itemID = "bolt"
        wrongUnit.quantity = "1"
        wrongUnit.unit = "kg"
        wrongUnit.expectedAt = Google_Protobuf_Timestamp(date: h.now)
        #expect(h.refusal(.expectReceipt(wrongUnit))?.field == "unit")

        try h.run(Self.expect("PO-1", "bolt", "0", inHours: 20, from: h.now))
        #expect(try Self.onOrder(h) == "0" && h.state.expectedReceipt(id: "PO-1") == nil, "withdrawn")
    }

    @Test func confirmChecksOwnerStateAndExpiry() throws {
        var h = try ReserveTests.stocked()
        try h.run(H.reserve(H.line("bolt", "2")), as: "wms-1")
        #expect(h.refusal(Self.confirm("P1-R1"), as: "wms-2")?.code == .permissionDenied)
        #expect(h.refusal(Self.confirm("P1-R9"), as: "wms-1")?.code == .notFound)
        #expect(h.refusal(Self.confirm("P1-R1", expiresAt: h.now), as: "wms-1")?.field == "expires_at")
        try h.run(H.release("P1-R1"), as: "wms-1")
        #expect(h.refusal(Self.confirm("P1-R1"), as: "wms-1")?.currentState == "RELEASED")
    }
}
