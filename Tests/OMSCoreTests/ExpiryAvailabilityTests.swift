import Foundation
import OMSCore
import OMSProto
import Testing

@Suite struct ExpiryTests {
    @Test func expiredReservationsReturnWhatTheyStillHold() throws {
        var h = try ReserveTests.stocked()
        var soon = H.reserveRequest([H.line("bolt", "4"), H.line("nut", "1")])
        soon.expiresAt = .init(date: h.now.addingTimeInterval(60))
        try h.run(.reserve(soon), as: "wms-1")
        var later = H.reserveRequest([H.line("bolt", "1")])
        later.expiresAt = .init(date: h.now.addingTimeInterval(120))
        try h.run(.reserve(later), as: "wms-1")
        try h.run(H.reserve(H.line("bolt", "2")), as: "wms-1")  // firm
        try h.run(H.consume("P1-R1", H.line("bolt", "1")), as: "wms-1")

        #expect(h.state.expire(now: h.now.addingTimeInterval(59)).isEmpty)
        h.now.addTimeInterval(60)
        // Past expiry but not yet expired: already refused.
        let late = h.refusal(H.consume("P1-R1"), as: "wms-1")
        #expect(late?.code == .failedPrecondition)
        #expect(late?.currentState == "EXPIRED")

        let events = h.state.expire(now: h.now)
        #expect(events.count == 1)
        #expect(events.first?.principal == "system")
        #expect(events.first?.reservationExpired.reservationID == "P1-R1")
        #expect(events.first?.reservationExpired.lines.map(\.quantityMicros) == [3_000_000, 1_000_000])
        h.commit(events)
        #expect(h.state.reservation(id: "P1-R1")?.state == .expired)
        #expect(h.state.reservation(id: "P1-R1")?.lines.map(\.quantityOpen) == ["0", "0"])
        #expect(h.figures("bolt") == StockFigures(onHand: Quantity(micros: 9_000_000), reserved: Quantity(micros: 3_000_000)))
        #expect(h.state.expire(now: h.now).isEmpty)

        h.now.addTimeInterval(3600)
        let rest = h.state.expire(now: h.now)
        #expect(rest.map(\.reservationExpired.reservationID) == ["P1-R2"])
        h.commit(rest)
        #expect(h.figures("bolt").reserved == Quantity("2"))
        #expect(h.state.expiring.isEmpty)
        #expect(try h.replayed() == h.state)
    }
}

@Suite struct AvailabilityTests {
    @Test func figuresPerLocationAndSummed() throws {
        let h = try ReleaseConsumeTests.reserved()
        var request = Oms_V1_StockAvailabilityRequest()
        request.itemIds = ["nut", "bolt", "unknown"]
        let all = try h.state.availability(request, now: h.now)
        #expect(all.items.map(\.balance.itemID) == ["nut", "bolt", "unknown"])
        #expect(all.items.map(\.balance.onHand) == ["8", "10", "0"])
        #expect(all.items.map(\.balance.reserved) == ["2", "6", "0"])
        #expect(all.items.map(\.balance.available) == ["6", "4", "0"])
        #expect(all.items.map(\.balance.unit) == ["pcs", "pcs", ""])
        #expect(all.items.allSatisfy { $0.atp.isEmpty && $0.balance.plantID == "P1" })

        request.locationID = "B"
        request.horizonEnd = .init(date: h.now.addingTimeInterval(86_400))
        let atB = try h.state.availability(request, now: h.now)
        #expect(atB.items.map(\.balance.onHand) == ["3", "0", "0"])
        #expect(atB.items.first?.atp.map(\.availableToPromise) == ["3"])

        request.plantID = "P2"
        #expect(throws: DomainError.self) { try h.state.availability(request, now: h.now) }
    }

    @Test func requiresItems() {
        let state = InventoryState(plantID: "P1")
        do {
            _ = try state.availability(Oms_V1_StockAvailabilityRequest(), now: Date())
            Issue.record("accepted")
        } catch {
            #expect(error.field == "item_ids")
        }
    }
}
