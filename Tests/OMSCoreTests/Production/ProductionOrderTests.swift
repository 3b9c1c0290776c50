import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// Approval makes production orders by the plant's rules; Cancel and Amend
/// re-peg; Split, Merge and Release re-shape them by hand. Pegging stays
/// exact throughout.
@Suite struct ProductionOrderTests {
    typealias O = OrderHarness

    @Test func approvalSplitsByMaximumLotAndSkipsBoughtItems() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "250"), O.line("20", "BOLT", "8")], catalog)

        let lots = try h.lots()
        #expect(lots.map(\.quantity) == ["100", "100", "50"])
        #expect(lots.map(\.productionOrderID) == ["P1-P1", "P1-P2", "P1-P3"])
        #expect(lots.allSatisfy { $0.state == .created && $0.routingID == "R-PUMP" && $0.bomID == "B-PUMP" })
        #expect(lots.allSatisfy { $0.pegs.map(\.orderID) == [id] && $0.pegs.map(\.lineID) == ["10"] })
        let order = try #require(h.order(id))
        #expect(order.state == .approved)
        #expect(order.lines[0].pegs.map(\.productionOrderID) == ["P1-P1", "P1-P2", "P1-P3"])
        #expect(order.lines[0].pegs.map(\.quantity) == ["100", "100", "50"])
        #expect(order.lines[1].pegs.isEmpty, "BOLT is bought: no production order")
    }

    @Test func lotsRoundUpToMinimumAndMultipleAndPegOnlyTheDemand() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        _ = try h.approvedOrder("SO-1", [O.line("10", "GEAR", "10")], catalog)
        _ = try h.approvedOrder("SO-2", [O.line("10", "GEAR", "230", dueDay: 30)], catalog)
        let lots = try h.lots()
        // 10 -> min 20 -> multiple 25; 230 -> 100 + 100 + 30 (-> 50) with max 110 floored to 100.
        #expect(lots.map(\.quantity) == ["25", "100", "100", "50"])
        #expect(lots.map(\.pegSum.description) == ["10", "100", "100", "30"])
    }

    @Test func aLineNeedingMoreThanAThousandLotsIsRefused() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let huge = try h.submit(O.submitRequest("SO-1", lines: [O.line("10", "PUMP", "9223372036854")]))
        let error = try h.refused(O.approve(huge, catalog))
        #expect(error.code == .invalidArgument && error.field == "lines[id=10].quantity")
        _ = try h.approvedOrder("SO-2", [O.line("10", "PUMP", "99999")], catalog)
        #expect(try h.lots().count == 1_000)
    }

    @Test func demandWithinTheMergeWindowJoinsAnOpenLotUpToItsMaximum() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let first = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "60", dueDay: 10)], catalog)
        let second = try h.submit(O.submitRequest("SO-2", lines: [O.line("10", "PUMP", "70", dueDay: 11)]))
        let approved = try h.run(O.approve(second, catalog)).order
        #expect(approved.lines[0].pegs.map(\.productionOrderID) == ["P1-P1", "P1-P2"], "the reply shows every peg")
        let third = try h.approvedOrder("SO-3", [O.line("10", "PUMP", "5", dueDay: 13)], catalog)

        let lots = try h.lots()
        // SO-2's 70: 40 into P1 (to its max of 100), 30 into a new lot. SO-3 is 3 days after SO-1's
        // due date: not with P1; within 2 days of P2's (day 11), so it joins P2.
        #expect(lots.map(\.quantity) == ["100", "35"])
        #expect(lots[0].pegs.map(\.orderID) == [first, second])
        #expect(lots[0].pegs.map(\.quantity) == ["60", "40"])
        #expect(lots[1].pegs.map(\.orderID) == [second, third])
        #expect(lots[0].dueDate == O.day(10) && lots[1].dueDate == O.day(11))
        #expect(lots[0].version == 2, "one version per command that changed it")
    }

    @Test func capacityRuleOfTheProductTypeSplitsAndDoesNotMerge() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        _ = try h.approvedOrder("SO-1", [O.line("10", "VALVE", "150", dueDay: 10)], catalog)
        _ = try h.approvedOrder("SO-2", [O.line("10", "VALVE", "10", dueDay: 10)], catalog)
        // (6,600 s - 600 s setup) / 60 s per unit = 100 per lot; the valve rule never merges.
        #expect(try h.lots().map(\.quantity) == ["100", "50", "10"])
    }

    @Test func makeItemWithoutRoutingRefusesApprovalAndChangesNothing() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let id = try h.submit(O.submitRequest("SO-1", lines: [O.line("10", "DRILL", "3")]))
        let error = try h.refused(O.approve(id, catalog))
        #expect(error.code == .failedPrecondition)
        #expect(error.message.contains("DRILL") && error.currentState == "NO_ROUTING")
        #expect(h.order(id)?.state == .received)
    }

    @Test func cancellingShrinksOrCancelsOpenLotsAndLeavesReleasedOnesForStock() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let first = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "60"), O.line("20", "GEAR", "30")], catalog)
        let second = try h.approvedOrder("SO-2", [O.line("10", "PUMP", "20")], catalog)
        // P1 (PUMP 80: 60 + 20), P2 (GEAR 50 for 30).
        try h.run(O.releaseLots(["P1-P2"]))
        try h.run(O.cancel(first))

        let pump = try h.lot("P1-P1")
        #expect(pump.state == .created && pump.quantity == "20" && pump.pegs.map(\.orderID) == [second])
        let gear = try h.lot("P1-P2")
        #expect(gear.state == .released && gear.quantity == "50" && gear.pegs.isEmpty, "released: made for stock")
        #expect(h.order(first)?.lines.allSatisfy(\.pegs.isEmpty) == true)

        try h.run(O.cancel(second))
        #expect(try h.lot("P1-P1").state == .cancelled)
    }

    @Test func amendingAnApprovedOrderRepegsOnlyTheChangedLines() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "60"), O.line("20", "GEAR", "30")], catalog)
        let version = try #require(h.order(id)).version
        try h.run(O.amend(id, version: version, lines: [O.line("10", "PUMP", "160"), O.line("20", "GEAR", "30")], catalog))

        let order = try #require(h.order(id))
        let pumpPegs = order.lines[0].pegs.map { Quantity($0.quantity) ?? .zero }
        #expect(pumpPegs.reduce(.zero, +).description == "160")
        #expect(order.lines[1].pegs.map(\.productionOrderID) == ["P1-P2"], "the unchanged line keeps its lot")
        #expect(try h.lot("P1-P2").version == 1)
    }

    @Test func amendmentCannotTakeBackWhatIsInProductionAndPegsOnlyTheRest() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "60")], catalog)
        try h.run(O.releaseLots(["P1-P1"]))
        var version = try #require(h.order(id)).version
        let below = try h.refused(O.amend(id, version: version, lines: [O.line("10", "PUMP", "50")], catalog))
        #expect(below.code == .failedPrecondition && below.field == "lines[id=10]")
        #expect(try h.refused(O.amend(id, version: version, lines: [O.line("10", "GEAR", "60")], catalog)).code
            == .failedPrecondition)

        try h.run(O.amend(id, version: version, lines: [O.line("10", "PUMP", "75", dueDay: 12)], catalog))
        version += 1
        let pegs = try #require(h.order(id)).lines[0].pegs
        #expect(pegs.map(\.productionOrderID) == ["P1-P1", "P1-P2"] && pegs.map(\.quantity) == ["60", "15"])
        #expect(try h.lot("P1-P1").state == .released)
    }

    @Test func splitSharesPegsOutEarliestDueFirstAndSupersedes() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let late = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "40", dueDay: 11)], catalog)
        let early = try h.approvedOrder("SO-2", [O.line("10", "PUMP", "50", dueDay: 10)], catalog)
        // P1 holds 90: 40 (day 11) and 50 (day 10).
        let reply = try h.run(O.split("P1-P1", ["30", "60"], version: 2))
        guard case .split(let response) = reply else { Issue.record("not a split reply"); return }
        let parts = response.productionOrders
        #expect(parts.map(\.productionOrderID) == ["P1-P2", "P1-P3"])
        #expect(parts[0].pegs.map(\.orderID) == [early] && parts[0].pegs.map(\.quantity) == ["30"])
        #expect(parts[1].pegs.map(\.orderID) == [early, late] && parts[1].pegs.map(\.quantity) == ["20", "40"])
        #expect(parts[0].dueDate == O.day(10) && parts[1].dueDate == O.day(10))
        #expect(parts.allSatisfy { $0.derivedFrom == ["P1-P1"] && $0.state == .created })
        let original = try h.lot("P1-P1")
        #expect(original.state == .superseded && original.supersededBy == ["P1-P2", "P1-P3"])

        var history = Oms_V1_OrderHistoryRequest()
        history.orderID = early
        #expect(try h.book.history(history).entries.last?.action == .split)
        #expect(h.order(early)?.lines[0].pegs.map(\.productionOrderID) == ["P1-P2", "P1-P3"])
    }

    @Test func splitRefusesBadPartsStaleVersionsAndReleasedLots() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        _ = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "90")], catalog)
        #expect(try h.refused(O.split("P1-P1", ["30", "50"])).field == "parts")
        #expect(try h.refused(O.split("P1-P1", ["90"])).field == "parts")
        #expect(try h.refused(O.split("P1-P1", ["100", "-10"])).field == "parts[1].quantity")
        #expect(try h.refused(O.split("P1-P9", ["45", "45"])).code == .notFound)
        let stale = try h.refused(O.split("P1-P1", ["45", "45"], version: 7))
        #expect(stale.code == .aborted && stale.errorInfo?.metadata["current_version"] == "1")
        #expect(try h.refused(O.split("P1-P1", ["45", "45"], routing: "R-GEAR", catalog)).field == "parts[0].routing_id")

        try h.run(O.split("P1-P1", ["45", "45"], routing: "R-PUMP-ALT", catalog))
        #expect(try h.lot("P1-P2").routingID == "R-PUMP-ALT")
        try h.run(O.releaseLots(["P1-P2"]))
        let released = try h.refused(O.split("P1-P2", ["40", "5"]))
        #expect(released.code == .failedPrecondition && released.currentState == "RELEASED")
    }

    @Test func mergeJoinsQuantitiesAndPegsOfCompatibleLots() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let first = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "30", dueDay: 10)], catalog)
        let second = try h.approvedOrder("SO-2", [O.line("10", "PUMP", "20", dueDay: 20)], catalog)
        _ = try h.approvedOrder("SO-3", [O.line("10", "GEAR", "25", dueDay: 20)], catalog)
        #expect(try h.refused(O.merge(["P1-P1", "P1-P3"])).field == "production_order_ids[1]")
        #expect(try h.refused(O.merge(["P1-P1"])).field == "production_order_ids")

        let reply = try h.run(O.merge(["P1-P2", "P1-P1"]))
        guard case .merge(let response) = reply else { Issue.record("not a merge reply"); return }
        let lot = response.productionOrder
        #expect(lot.productionOrderID == "P1-P4" && lot.quantity == "50" && lot.dueDate == O.day(10))
        #expect(Set(lot.pegs.map(\.orderID)) == [first, second] && lot.derivedFrom == ["P1-P2", "P1-P1"])
        #expect(try h.lot("P1-P1").supersededBy == ["P1-P4"])
        var history = Oms_V1_OrderHistoryRequest()
        history.orderID = second
        #expect(try h.book.history(history).entries.last?.action == .merged)
    }

    @Test func releaseIsAllOrNothingAndRefusesHeldDemand() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let held = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "30")], catalog)
        _ = try h.approvedOrder("SO-2", [O.line("10", "GEAR", "25")], catalog)
        try h.run(O.hold(held))
        #expect(try h.lot("P1-P1").held)
        let refusal = try h.refused(O.releaseLots(["P1-P2", "P1-P1"]))
        #expect(refusal.code == .failedPrecondition && refusal.currentState == "HELD")
        #expect(try h.lot("P1-P2").state == .created, "all or nothing")
        try h.run(O.releaseHold(held))
        let reply = try h.run(O.releaseLots(["P1-P2", "P1-P1"]))
        guard case .releaseProductionOrders(let response) = reply else { Issue.record("not a release"); return }
        #expect(response.productionOrders.map(\.state) == [.released, .released])
    }

    @Test func expediteAndPriorityOfPeggedOrdersShowOnTheLot() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let rush = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "30")], catalog)
        _ = try h.submit(O.submitRequest("SO-2", lines: [O.line("10", "PUMP", "10")], priority: 90))
        try h.run(O.approve("P1-O2", catalog))
        try h.run(O.expedite(rush))
        let lot = try h.lot("P1-P1")
        #expect(lot.expedited && lot.effectivePriority == 90 && lot.pegs.count == 2)
    }

    @Test func journalReplayAndSnapshotRebuildTheProductionOrders() throws {
        let catalog = try ProductionFixture.catalog()
        var h = O()
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "130"), O.line("20", "GEAR", "30")], catalog)
        _ = try h.approvedOrder("SO-2", [O.line("10", "PUMP", "20", dueDay: 11)], catalog)
        try h.run(O.split("P1-P2", ["40", "10"]))
        try h.run(O.merge(["P1-P4", "P1-P5"]))
        try h.run(O.releaseLots(["P1-P3"]))
        try h.run(O.cancel(id))
        #expect(try h.replayed() == h.book)
        let bytes: [UInt8] = try h.book.snapshot().serializedBytes()
        let restored = OrderBook(snapshot: try Oms_Journal_V1_OrderBookSnapshot(serializedBytes: bytes))
        #expect(restored == h.book)
    }
}
