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
}
