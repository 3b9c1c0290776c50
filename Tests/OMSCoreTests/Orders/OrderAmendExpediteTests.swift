import OMSCore
import OMSProto
import Testing

@Suite struct OrderAmendExpediteTests {
    typealias O = OrderHarness

    @Test func amendReplacesContentAndRecordsEachChange() throws {
        var h = OrderHarness()
        let id = try h.submit()
        let amended = try h.run(
            O.amend(
                id, version: 1, lines: [O.line("10", "A", "7", dueDay: 9), O.line("30", "C", "1")], priority: 90,
                reference: "PO-2", attributes: [:])
        ).order
        #expect(amended.version == 2)
        #expect(amended.lines.map(\.lineID) == ["10", "30"])
        #expect(amended.priority == 90 && amended.effectivePriority == 90)
        #expect(amended.customerReference == "PO-2" && amended.attributes.isEmpty)
        #expect(amended.dueDate == O.day(9))
        #expect(amended.customerID == "C1" && amended.sourceSystem == "sap" && amended.externalOrderID == "SO-1")

        let entry = try #require(h.book.history(.with { $0.orderID = id }).entries.last)
        #expect(entry.action == .amended && entry.version == 2 && entry.reason == "customer call")
        #expect(
            entry.changes.map(\.field) == [
                "priority", "customer_reference", "attributes[incoterm]", "lines[id=10].quantity",
                "lines[id=10].due_date", "lines[id=20]", "lines[id=30]",
            ])
        let quantity = try #require(entry.changes.first { $0.field == "lines[id=10].quantity" })
        #expect(quantity.previousValue == "5" && quantity.newValue == "7")
        let removed = try #require(entry.changes.first { $0.field == "lines[id=20]" })
        #expect(removed.previousValue.hasPrefix("item_id=B quantity=2.5") && removed.newValue.isEmpty)
    }

    @Test func amendWithAStaleVersionIsAbortedWithTheCurrentVersion() throws {
        var h = OrderHarness()
        let id = try h.submit()
        try h.run(O.approve(id))
        let error = try h.refused(O.amend(id, version: 1, priority: 90))
        #expect(error.code == .aborted)
        #expect(error.errorInfo?.reason == "VERSION_CONFLICT")
        #expect(error.errorInfo?.metadata == ["current_version": "2"])
        let info = error.statusDetails.compactMap { detail -> Oms_V1_ErrorInfo? in
            if case .errorInfo(let info)? = detail.kind { info } else { nil }
        }
        #expect(info.first?.metadata["current_version"] == "2")
    }

    @Test func amendRequiresAnExpectedVersion() throws {
        var h = OrderHarness()
        let id = try h.submit()
        let error = try h.refused(O.amend(id, version: 0, lines: [O.line("10", "A", "0")]))
        #expect(error.code == .invalidArgument)
        #expect(error.violatedFields == ["expected_version", "lines[0].quantity"])
    }

    @Test func amendThatChangesNothingKeepsTheVersion() throws {
        var h = OrderHarness()
        let id = try h.submit()
        let (events, reply) = try h.runWithEvents(
            O.amend(id, version: 1, lines: [O.line("20", "B", "2.50", dueDay: 12), O.line("10", "A", "5.0")]))
        #expect(events.isEmpty)
        #expect(reply.order.version == 1)
    }

    @Test func amendIsAllowedWhileHeldAndKeepsTheHold() throws {
        var h = OrderHarness()
        let id = try h.submit()
        try h.run(O.hold(id))
        let amended = try h.run(O.amend(id, version: 2, priority: 5)).order
        #expect(amended.state == .held && amended.stateBeforeHold == .received && amended.version == 3)
    }

    @Test func expediteSetsAndClearsTheRushMarkOnce() throws {
        var h = OrderHarness()
        let id = try h.submit()
        let set = try h.run(O.expedite(id)).order
        #expect(set.expedited && set.version == 2)
        let (repeated, reply) = try h.runWithEvents(O.expedite(id))
        #expect(repeated.isEmpty && reply.order.version == 2)
        let cleared = try h.run(O.expedite(id, clear: true)).order
        #expect(!cleared.expedited && cleared.version == 3)

        let actions = try h.book.history(.with { $0.orderID = id }).entries.map(\.action)
        #expect(actions == [.submitted, .expedited, .expediteCleared])
    }
}
