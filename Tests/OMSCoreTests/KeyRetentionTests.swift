import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// Idempotency keys are kept for the configured retention after their first
/// use: a retry within it gets the first answer, a retry after it (once any
/// later event has passed the cutoff) is a new request. Replay and snapshots
/// keep exactly the keys the writer kept.
@Suite struct KeyRetentionTests {
    typealias H = Harness
    static let hour: TimeInterval = 3_600

    static func replayed(_ h: Harness) throws -> InventoryState {
        var fresh = InventoryState(plantID: Harness.plant).withKeyRetention(hour)
        for bytes in h.journal { fresh.apply(try Oms_Journal_V1_InventoryEvent(serializedBytes: bytes)) }
        return fresh
    }

    @Test func aKeyIsForgottenOneRetentionAfterItsFirstUse() throws {
        var h = Harness()
        h.state = h.state.withKeyRetention(Self.hour)
        let first = try h.run(H.receive(H.line("bolt", "10", unit: "pcs")), key: "rcv-1")
        let firstReserve = try h.run(H.reserve(H.line("bolt", "4")), key: "res-1")

        h.now += 0.5 * Self.hour
        #expect(try h.run(H.receive(H.line("bolt", "10", unit: "pcs")), key: "rcv-1") == first, "within retention: the first answer")
        #expect(try h.run(H.reserve(H.line("bolt", "4")), key: "res-1") == firstReserve)
        #expect(h.figures("bolt").onHand == Quantity("10") && h.figures("bolt").reserved == Quantity("4"))
        #expect(h.state.keyAges.count == 2)

        // Any event past the cutoff drops the keys; a retry is then a new request.
        h.now += Self.hour
        try h.run(H.receive(H.line("nut", "1", unit: "pcs")))
        #expect(h.state.keyAges.count == 0)
        #expect(h.state.completedCommands.isEmpty && h.state.idempotentReserves.isEmpty)
        let again = try h.run(H.receive(H.line("bolt", "10", unit: "pcs")), key: "rcv-1")
        #expect(again != first, "booked again, as a new receipt")
        #expect(h.figures("bolt").onHand == Quantity("20"))
        guard case .reserve(let second) = try h.run(H.reserve(H.line("bolt", "4")), key: "res-1"),
            case .reserve(let original) = firstReserve
        else {
            Issue.record("not reserve replies")
            return
        }
        #expect(second.reservation.reservationID != original.reservation.reservationID)

        #expect(try Self.replayed(h) == h.state)
        let bytes: [UInt8] = try h.state.snapshot().serializedBytes()
        let restored = InventoryState(snapshot: try Oms_Journal_V1_InventorySnapshot(serializedBytes: bytes))
        #expect(restored == h.state)
        #expect(restored.keyRetention == Self.hour && restored.keyAges.count == 2)
    }

    @Test func withoutRetentionKeysStay() throws {
        var h = Harness()
        let first = try h.run(H.receive(H.line("bolt", "10", unit: "pcs")), key: "rcv-1")
        h.now += 1_000 * Self.hour
        try h.run(H.receive(H.line("nut", "1", unit: "pcs")))
        #expect(try h.run(H.receive(H.line("bolt", "10", unit: "pcs")), key: "rcv-1") == first)
        #expect(h.figures("bolt").onHand == Quantity("10"))
    }

    /// A closed reservation is kept one retention after it closed, then
    /// forgotten with everything that points at it; open ones stay however old.
    /// Replay and a snapshot taken in between forget it at the same event.
    @Test func aClosedReservationIsForgottenOneRetentionAfterItClosed() throws {
        var h = Harness()
        h.state = h.state.withKeyRetention(Self.hour)
        try h.run(H.receive(H.line("bolt", "10", unit: "pcs")))
        var forLot = H.reserveRequest([H.line("bolt", "2")])
        forLot.productionOrderID = "lot-1"
        let closed = try #require(try h.run(H.reserve(H.line("bolt", "4")), key: "res-closed").reservation?.reservationID)
        let lotReservation = try #require(try h.run(.reserve(forLot)).reservation?.reservationID)
        let open = try #require(try h.run(H.reserve(H.line("bolt", "3"))).reservation?.reservationID)
        #expect(h.state.reservationsByProductionOrder["lot-1"] == [lotReservation])

        h.now += 0.5 * Self.hour
        try h.run(H.release(closed, H.line("bolt", "4")))
        try h.run(H.consume(lotReservation, H.line("bolt", "2")))
        let snapshot: [UInt8] = try h.state.snapshot().serializedBytes()
        let eventsInSnapshot = h.journal.count

        // 1.25 h after the Reserve, 0.75 h after the release: the key is gone, the reservation stays.
        h.now += 0.75 * Self.hour
        try h.run(H.receive(H.line("nut", "1", unit: "pcs")))
        #expect(h.state.idempotentReserves.isEmpty)
        #expect(h.state.reservation(id: closed)?.state == .released)
        #expect(h.state.reservation(id: lotReservation)?.state == .consumed)

        h.now += 0.5 * Self.hour
        try h.run(H.receive(H.line("nut", "1", unit: "pcs")))
        #expect(h.state.reservation(id: closed) == nil, "closed more than a retention ago")
        #expect(h.state.reservation(id: lotReservation) == nil)
        #expect(h.state.reservationsByProductionOrder["lot-1"] == nil)
        #expect(h.state.reservation(id: open)?.state == .active, "open, however old")
        #expect(h.state.reservations.count == 1)
        #expect(h.figures("bolt").onHand == Quantity("8") && h.figures("bolt").reserved == Quantity("3"))
        #expect(h.refusal(H.release(closed, H.line("bolt", "4")))?.code == .notFound)

        #expect(try Self.replayed(h) == h.state)
        var restored = InventoryState(snapshot: try Oms_Journal_V1_InventorySnapshot(serializedBytes: snapshot))
        for bytes in h.journal[eventsInSnapshot...] { restored.apply(try Oms_Journal_V1_InventoryEvent(serializedBytes: bytes)) }
        #expect(restored == h.state)
    }
}
