import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

@Suite struct IdempotentReserveTests {
    @Test func aRetryReturnsTheSameReservationWithoutEvents() throws {
        var h = try ReserveTests.stocked()
        let first = try h.runWithEvents(H.reserve(H.line("bolt", "4")), key: "k-1")
        #expect(first.events.count == 1)
        // "4.0" is the same quantity as "4".
        let retry = try h.runWithEvents(H.reserve(H.line("bolt", "4.0")), key: "k-1")
        #expect(retry.events.isEmpty)
        #expect(retry.reply == first.reply)
        #expect(h.figures("bolt").reserved == Quantity("4"))
        #expect(h.state.reservations.count == 1)
        // After a release the retry shows the reservation as it is now.
        try h.run(H.release("P1-R1"))
        let late = try h.runWithEvents(H.reserve(H.line("bolt", "4")), key: "k-1")
        #expect(late.events.isEmpty)
        #expect(late.reply.reservation?.state == .released)
        // The key survives a replay.
        #expect(try h.replayed() == h.state)
    }

    @Test func aDifferentRequestUnderTheKeyIsAlreadyExistsNamingTheDifference() throws {
        var h = try ReserveTests.stocked()
        try h.run(H.reserve(H.line("bolt", "4"), H.line("nut", "1")), key: "k-1")
        let quantity = h.refusal(H.reserve(H.line("bolt", "4"), H.line("nut", "2")), key: "k-1")
        #expect(quantity?.code == .alreadyExists)
        #expect(quantity?.field == "lines[1].quantity")
        #expect(h.refusal(H.reserve(H.line("bolt", "4")), key: "k-1")?.field == "lines")
        #expect(h.refusal(H.reserve(H.line("bolt", "4"), H.line("nut", "1"), reference: "other"), key: "k-1")?.field == "owner")
        let principal = h.refusal(H.reserve(H.line("bolt", "4"), H.line("nut", "1")), as: "intruder", key: "k-1")
        #expect(principal?.code == .alreadyExists)
        // Without a key the same request makes a second reservation.
        try h.run(H.reserve(H.line("bolt", "4"), H.line("nut", "1")))
        #expect(h.state.reservations.count == 2)
    }

    @Test func onlyAKeyedReserveJournalsItsRequest() throws {
        var h = try ReserveTests.stocked()
        let keyed = try h.runWithEvents(H.reserve(H.line("bolt", "4")), key: "k-3")
        let journaled = try Oms_V1_ReserveStockRequest(serializedBytes: keyed.events.first?.reservationCreated.request ?? Data())
        #expect(journaled == H.reserveRequest([H.line("bolt", "4")]))
        // Without a key no retry can be compared with it: nothing to keep.
        let keyless = try h.runWithEvents(H.reserve(H.line("bolt", "1")))
        #expect(keyless.events.count == 1)
        #expect(keyless.events.first?.reservationCreated.request.isEmpty == true)
        #expect(try h.replayed() == h.state)
    }

    /// Journals and snapshots written while `request` was the message
    /// `oms.v1.ReserveStockRequest` (field 8, length-delimited: the wire form
    /// of bytes too) still answer retries.
    @Test func aRequestJournaledAsAMessageStillAnswersRetries() throws {
        var h = try ReserveTests.stocked()
        let keyed = try h.runWithEvents(H.reserve(H.line("bolt", "4")), key: "k-9")
        var event = try #require(keyed.events.first)
        var created = event.reservationCreated
        let request: [UInt8] = try H.reserveRequest([H.line("bolt", "4")]).serializedBytes()
        try #require(request.count < 128, "a one-byte length below")
        created.request = Data()
        let asMessage: [UInt8] = try created.serializedBytes() + [8 << 3 | 2, UInt8(request.count)] + request
        event.reservationCreated = try Oms_Journal_V1_ReservationCreated(serializedBytes: asMessage)
        #expect(event.reservationCreated.request == Data(request))

        var older = try ReserveTests.stocked()
        older.commit([event])
        #expect(older.state == h.state)
        let retry = try older.runWithEvents(H.reserve(H.line("bolt", "4.0")), key: "k-9")
        #expect(retry.events.isEmpty)
        #expect(retry.reply.reservation?.reservationID == "P1-R1")
        #expect(older.refusal(H.reserve(H.line("bolt", "5")), key: "k-9")?.field == "lines[0].quantity")
    }

    @Test func aRefusedReserveDoesNotTakeTheKey() throws {
        var h = try ReserveTests.stocked()
        #expect(h.refusal(H.reserve(H.line("bolt", "40")), key: "k-2")?.code == .failedPrecondition)
        let reply = try h.run(H.reserve(H.line("bolt", "4")), key: "k-2")
        #expect(reply.reservation?.reservationID == "P1-R1")
    }
}

/// Every other inventory mutation is idempotent by key too: the same request
/// again gets the first reply and books nothing; another request (or
/// principal) under the key is ALREADY_EXISTS; the keys survive replay and
/// snapshots.
@Suite struct IdempotentCommandTests {
    @Test func aRetriedReceiveBooksOnceAndAnswersTheSame() throws {
        var h = Harness()
        let first = try h.runWithEvents(H.receive(H.line("bolt", "10", unit: "pcs")), key: "rcv-1")
        #expect(first.events.count == 1 && first.events[0].completed.method == "Receive")
        let retry = try h.runWithEvents(H.receive(H.line("bolt", "10", unit: "pcs")), key: "rcv-1")
        #expect(retry.events.isEmpty)
        #expect(retry.reply == first.reply, "the first reply, movement ids included")
        #expect(h.figures("bolt").onHand == Quantity("10"), "booked once")

        let other = h.refusal(H.receive(H.line("bolt", "11", unit: "pcs")), key: "rcv-1")
        #expect(other?.code == .alreadyExists && other?.field == "idempotency_key")
        #expect(h.refusal(H.receive(H.line("bolt", "10", unit: "pcs")), as: "intruder", key: "rcv-1")?.code == .alreadyExists)
        #expect(h.refusal(H.consume("P1-R9"), key: "rcv-1")?.code == .alreadyExists, "another method under the key")

        try h.run(H.receive(H.line("bolt", "10", unit: "pcs")))
        #expect(h.figures("bolt").onHand == Quantity("20"), "without a key the same request books again")
        #expect(try h.replayed() == h.state)
        let bytes: [UInt8] = try h.state.snapshot().serializedBytes()
        #expect(InventoryState(snapshot: try Oms_Journal_V1_InventorySnapshot(serializedBytes: bytes)) == h.state)
    }

    @Test func aRetriedPartialReleaseOrConsumeTakesOnce() throws {
        var h = try ReserveTests.stocked()
        try h.run(H.reserve(H.line("bolt", "6")), as: "wms-1")
        let release = try h.run(H.release("P1-R1", H.line("bolt", "1")), as: "wms-1", key: "rel-1")
        #expect(try h.run(H.release("P1-R1", H.line("bolt", "1")), as: "wms-1", key: "rel-1") == release)
        try h.run(H.consume("P1-R1", H.line("bolt", "2")), as: "wms-1", key: "con-1")
        try h.run(H.consume("P1-R1", H.line("bolt", "2")), as: "wms-1", key: "con-1")
        #expect(h.figures("bolt") == StockFigures(onHand: Quantity(micros: 8_000_000), reserved: Quantity(micros: 3_000_000)))
        #expect(try h.replayed() == h.state)
    }

    @Test func aRefusedCommandDoesNotTakeTheKey() throws {
        var h = try ReserveTests.stocked()
        #expect(h.refusal(H.consume("P1-R1"), key: "k")?.code == .notFound)
        try h.run(H.receive(H.line("bolt", "1")), key: "k")
        #expect(h.figures("bolt").onHand == Quantity("11"))
    }
}
