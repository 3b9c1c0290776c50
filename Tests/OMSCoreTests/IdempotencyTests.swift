import OMSCore
import OMSProto
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

    @Test func aRefusedReserveDoesNotTakeTheKey() throws {
        var h = try ReserveTests.stocked()
        #expect(h.refusal(H.reserve(H.line("bolt", "40")), key: "k-2")?.code == .failedPrecondition)
        let reply = try h.run(H.reserve(H.line("bolt", "4")), key: "k-2")
        #expect(reply.reservation?.reservationID == "P1-R1")
    }
}
