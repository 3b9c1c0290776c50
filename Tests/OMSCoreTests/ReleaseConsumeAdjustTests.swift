import Foundation
import OMSCore
import OMSProto
import Testing

@Suite struct ReleaseConsumeTests {
    static func reserved() throws -> Harness {
        var h = try ReserveTests.stocked()
        try h.run(H.reserve(H.line("bolt", "6"), H.line("nut", "2")), as: "wms-1")
        return h
    }

    @Test func partialReleaseThenReleaseTheRest() throws {
        var h = try Self.reserved()
        let partial = try #require(try h.run(H.release("P1-R1", H.line("bolt", "2.5")), as: "wms-1").reservation)
        #expect(partial.state == .active)
        #expect(partial.version == 2)
        #expect(partial.lines.map(\.quantityOpen) == ["3.5", "2"])
        #expect(h.figures("bolt").reserved == Quantity("3.5"))
        let rest = try #require(try h.run(H.release("P1-R1"), as: "wms-1").reservation)
        #expect(rest.state == .released)
        #expect(rest.lines.map(\.quantityOpen) == ["0", "0"])
        #expect(h.figures("bolt") == StockFigures(onHand: Quantity(micros: 10_000_000), reserved: .zero))
        #expect(h.state.reservation(id: "P1-R1") == rest)
        let again = h.refusal(H.release("P1-R1"), as: "wms-1")
        #expect(again?.code == .failedPrecondition)
        #expect(again?.currentState == "RELEASED")
    }

    @Test func consumeIssuesStockAndBooksMovements() throws {
        var h = try Self.reserved()
        let reply = try h.run(H.consume("P1-R1", H.line("bolt", "1"), H.line("bolt", "1")), as: "wms-1")
        guard case .consume(let response) = reply else { Issue.record("wrong reply"); return }
        #expect(response.movements.count == 1)
        #expect(response.movements.first?.kind == .issue)
        #expect(response.movements.first?.quantity == "-2")
        #expect(response.movements.first?.onHandAfter == "8")
        #expect(response.movements.first?.reservationID == "P1-R1")
        #expect(response.movements.first?.movementID == "P1-M4")
        #expect(response.reservation.lines.map(\.quantityConsumed) == ["2", "0"])
        #expect(h.figures("bolt") == StockFigures(onHand: Quantity(micros: 8_000_000), reserved: Quantity(micros: 4_000_000)))
        let all = try #require(try h.run(H.consume("P1-R1"), as: "wms-1").reservation)
        #expect(all.state == .consumed)
        #expect(h.figures("bolt") == StockFigures(onHand: Quantity(micros: 4_000_000), reserved: .zero))
        #expect(h.figures("nut").onHand == Quantity("3"))
    }

    @Test func mixedConsumeAndReleaseEndsReleased() throws {
        var h = try Self.reserved()
        try h.run(H.consume("P1-R1", H.line("bolt", "6")), as: "wms-1")
        let end = try h.run(H.release("P1-R1"), as: "wms-1").reservation
        #expect(end?.state == .released)
    }

    @Test func moreThanHeldIsAShortageAndNothingChanges() throws {
        var h = try Self.reserved()
        let refused = h.refusal(H.consume("P1-R1", H.line("bolt", "4"), H.line("bolt", "3")), as: "wms-1")
        let error = try #require(refused)
        #expect(error.code == .failedPrecondition)
        #expect(error.shortages.map(\.requested) == ["7"])
        #expect(error.shortages.map(\.available) == ["6"])
        #expect(h.refusal(H.release("P1-R1", H.line("nut", "2.000001")), as: "wms-1")?.code == .failedPrecondition)
    }

    @Test func someoneElsesReservationIsPermissionDenied() throws {
        var h = try Self.reserved()
        #expect(h.refusal(H.release("P1-R1"), as: "wms-2")?.code == .permissionDenied)
        #expect(h.refusal(H.consume("P1-R1"), as: "wms-2")?.code == .permissionDenied)
        var planner = h.context("planner")
        planner.actsForAllPrincipals = true
        let (events, _) = try h.state.decide(H.release("P1-R1"), context: planner)
        #expect(events.count == 1)
        // An anonymous caller (no principal) is not checked: auth is the service's.
        try h.run(H.release("P1-R1", H.line("nut", "1")), as: "")
    }

    @Test func unknownReservationAndBadLines() throws {
        var h = try Self.reserved()
        let missing = h.refusal(H.release("P1-R99"), as: "wms-1")
        #expect(missing?.code == .notFound)
        #expect(missing?.field == "reservation_id")
        #expect(h.refusal(H.release(""), as: "wms-1")?.field == "reservation_id")
        #expect(h.refusal(H.release("P1-R1", H.line("washer", "1")), as: "wms-1")?.field == "lines[0].item_id")
        #expect(h.refusal(H.release("P1-R1", H.line("bolt", "1", at: "B")), as: "wms-1")?.field == "lines[0].item_id")
        #expect(h.refusal(H.consume("P1-R1", H.line("bolt", "0")), as: "wms-1")?.field == "lines[0].quantity")
        #expect(h.refusal(H.consume("P1-R1", H.line("bolt", "1", unit: "kg")), as: "wms-1")?.field == "lines[0].unit")
    }
}

@Suite struct AdjustTests {
    @Test func deltaAndCountMoveOnHand() throws {
        var h = try ReleaseConsumeTests.reserved()
        let reply = try h.run(H.adjust("bolt", delta: "-1.5", reason: .damage))
        guard case .adjust(let response) = reply else { Issue.record("wrong reply"); return }
        #expect(response.movement.kind == .adjustment)
        #expect(response.movement.quantity == "-1.5")
        #expect(response.movement.onHandAfter == "8.5")
        #expect(response.balance.onHand == "8.5")
        #expect(response.balance.reserved == "6")
        #expect(response.balance.available == "2.5")
        let count = try h.run(H.adjust("bolt", counted: "7", reason: .count))
        guard case .adjust(let counted) = count else { Issue.record("wrong reply"); return }
        #expect(counted.movement.quantity == "-1.5")
        #expect(h.figures("bolt").onHand == Quantity("7"))
        let scrap = try h.run(H.adjust("nut", delta: "-1", at: "B", reason: .scrap))
        guard case .adjust(let scrapped) = scrap else { Issue.record("wrong reply"); return }
        #expect(scrapped.movement.kind == .scrap)
    }

    @Test func cannotTakeOnHandBelowReserved() throws {
        var h = try ReleaseConsumeTests.reserved()
        let refused = h.refusal(H.adjust("bolt", delta: "-4.000001"))
        let error = try #require(refused)
        #expect(error.code == .failedPrecondition)
        #expect(error.shortages.first?.requested == "4.000001")
        #expect(error.shortages.first?.available == "4")
        #expect(h.refusal(H.adjust("bolt", counted: "5"))?.code == .failedPrecondition)
        try h.run(H.adjust("bolt", counted: "6"))
        #expect(h.figures("bolt").available == .zero)
    }

    @Test func badAdjustmentsAreRefused() throws {
        var h = try ReleaseConsumeTests.reserved()
        #expect(h.refusal(H.adjust("bolt", delta: "0"))?.field == "delta")
        #expect(h.refusal(H.adjust("bolt", delta: "x"))?.field == "delta")
        #expect(h.refusal(H.adjust("bolt", counted: "-1"))?.field == "counted_quantity")
        #expect(h.refusal(H.adjust("bolt"))?.field == "delta")
        #expect(h.refusal(H.adjust("bolt", delta: "1", reason: .unspecified))?.field == "reason_code")
        #expect(h.refusal(H.adjust("bolt", delta: "1", unit: "kg"))?.field == "unit")
        #expect(h.refusal(H.adjust("washer", delta: "1"))?.code == .notFound)
        var noReason = Oms_V1_AdjustStockRequest()
        noReason.itemID = "bolt"
        noReason.delta = "1"
        noReason.reasonCode = .found
        #expect(h.refusal(.adjust(noReason))?.field == "reason")
    }
}
