import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

@Suite struct OrderSubmitTests {
    typealias O = OrderHarness

    @Test func submitCreatesAReceivedOrderWithAPlantPrefixedID() throws {
        var h = OrderHarness()
        let (events, reply) = try h.runWithEvents(.submit(O.submitRequest()), as: "sap-connector", onBehalfOf: "jdoe")
        guard case .submit(let response) = reply else { Issue.record("not a submit reply"); return }
        #expect(response.created)
        let order = response.order
        #expect(order.orderID == "P1-O1")
        #expect(order.state == .received && order.version == 1)
        #expect(order.plantID == "P1")
        #expect(order.priority == 0 && order.effectivePriority == 50)
        #expect(order.dueDate == O.day(10))
        #expect(order.lines.map(\.quantity) == ["5", "2.5"])
        #expect(order.receivedAt == Google_Protobuf_Timestamp(date: h.now))
        #expect(h.order("P1-O1") == order, "the reply is what the book shows")
        #expect(events.count == 1 && events[0].onBehalfOf == "jdoe")

        let entry = try #require(h.book.history(.with { $0.orderID = "P1-O1" }).entries.first)
        #expect(entry.action == .submitted && entry.newState == .received && entry.version == 1)
        #expect(entry.actor == "sap-connector" && entry.onBehalfOf == "jdoe")
        #expect(entry.sequence == 1)

        #expect(try h.submit(O.submitRequest("SO-2")) == "P1-O2")
    }

    @Test func effectivePriorityUsesTheBooksDefaultForZero() throws {
        var h = OrderHarness(defaultPriority: 30)
        #expect(try h.run(.submit(O.submitRequest("A"))).order.effectivePriority == 30)
        #expect(try h.run(.submit(O.submitRequest("B", priority: 80))).order.effectivePriority == 80)
        #expect(OrderBook(plantID: "P1", defaultPriority: 0).defaultPriority == 1)
        #expect(OrderBook(plantID: "P1", defaultPriority: 500).defaultPriority == 100)
    }

    @Test func everyBadFieldIsNamed() throws {
        var h = OrderHarness()
        var bad = O.submitRequest(lines: [
            O.line("10", "", "0"),
            O.line("10", "A", "1.2345678"),
            O.line("", "A", "x"),
            { var line = O.line("40"); line.clearDueDate(); line.plantID = "P 2"; return line }(),
        ])
        bad.sourceSystem = ""
        bad.externalOrderID = ""
        bad.plantID = "P2"
        bad.priority = 101
        let error = try h.refused(.submit(bad))
        #expect(error.code == .invalidArgument)
        #expect(
            error.violatedFields == [
                "source_system", "external_order_id", "plant_id",
                "lines[0].item_id", "lines[0].quantity",
                "lines[1].line_id", "lines[1].quantity",
                "lines[2].line_id", "lines[2].quantity",
                "lines[3].due_date", "lines[3].plant_id",
                "priority",
            ])
    }

    /// One way to spoil an otherwise good request, and the field it spoils.
    enum BadField: String, CaseIterable, Sendable {
        case noSource, noExternalID, otherPlant, noLines, duplicateLineID, noItem, negativeQuantity, noQuantity
        case noDueDate, plantWithSpace, priorityAbove100, unknownChannel

        var field: String {
            switch self {
            case .noSource: "source_system"
            case .noExternalID: "external_order_id"
            case .otherPlant: "plant_id"
            case .noLines: "lines"
            case .duplicateLineID: "lines[1].line_id"
            case .noItem: "lines[0].item_id"
            case .negativeQuantity, .noQuantity: "lines[0].quantity"
            case .noDueDate: "lines[1].due_date"
            case .plantWithSpace: "lines[0].plant_id"
            case .priorityAbove100: "priority"
            case .unknownChannel: "channel"
            }
        }

        func spoil(_ request: inout Oms_V1_SubmitOrderRequest) {
            switch self {
            case .noSource: request.sourceSystem = ""
            case .noExternalID: request.externalOrderID = ""
            case .otherPlant: request.plantID = "P9"
            case .noLines: request.lines = []
            case .duplicateLineID: request.lines[1].lineID = "10"
            case .noItem: request.lines[0].itemID = ""
            case .negativeQuantity: request.lines[0].quantity = "-1"
            case .noQuantity: request.lines[0].quantity = ""
            case .noDueDate: request.lines[1].clearDueDate()
            case .plantWithSpace: request.lines[0].plantID = "P\t1"
            case .priorityAbove100: request.priority = 200
            case .unknownChannel: request.channel = .UNRECOGNIZED(42)
            }
        }
    }

    @Test(arguments: BadField.allCases)
    func oneBadFieldIsRefusedByName(bad: BadField) throws {
        var h = OrderHarness()
        var request = O.submitRequest()
        bad.spoil(&request)
        let error = try h.refused(.submit(request))
        #expect(error.code == .invalidArgument)
        #expect(error.violatedFields == [bad.field])
        #expect(error.field == bad.field)
    }

    @Test func ownPlantAndLinePlantsAreAccepted() throws {
        var h = OrderHarness()
        var request = O.submitRequest(lines: [O.line("10", plant: "P2")])
        request.plantID = "P1"
        #expect(try h.run(.submit(request)).order.lines.first?.plantID == "P2")
    }

    @Test func resubmittingTheSameContentReturnsTheOrderWithoutEvents() throws {
        var h = OrderHarness()
        let original = try h.run(.submit(O.submitRequest())).order
        try h.run(O.approve(original.orderID))

        // Same content: other line order, other number formatting, own plant named.
        var again = O.submitRequest(lines: [O.line("20", "B", "2.50", dueDay: 12), O.line("10", "A", "5.000")])
        again.plantID = "P1"
        h.now = h.now.addingTimeInterval(60)
        let (events, reply) = try h.runWithEvents(.submit(again))
        guard case .submit(let response) = reply else { Issue.record("not a submit reply"); return }
        #expect(events.isEmpty)
        #expect(!response.created)
        #expect(response.order.orderID == original.orderID)
        #expect(response.order.state == .approved && response.order.version == 2)
        #expect(h.book.count == 1)
    }

    @Test func resubmittingDifferentContentIsAlreadyExistsNamingEachDifference() throws {
        var h = OrderHarness()
        try h.submit()
        var changed = O.submitRequest(lines: [O.line("10", "A", "6"), O.line("30", "C", "1")], priority: 70)
        changed.attributes = ["incoterm": "FCA", "route": "R1"]
        let error = try h.refused(.submit(changed))
        #expect(error.code == .alreadyExists)
        #expect(error.resource?.resourceName == "P1-O1")
        #expect(
            error.violatedFields == [
                "priority", "attributes[incoterm]", "attributes[route]", "lines[id=10].quantity", "lines[id=20]",
                "lines[id=30]",
            ])
        let quantity = error.fieldViolations.first { $0.field == "lines[id=10].quantity" }
        #expect(quantity?.description_p == "existing \"5\", request \"6\"")
        let resources = error.statusDetails.compactMap { detail -> Oms_V1_ResourceInfo? in
            if case .resourceInfo(let resource)? = detail.kind { resource } else { nil }
        }
        #expect(resources.map(\.resourceName) == ["P1-O1"])
        #expect(error.statusDetails.count == 7, "six differences and the order, nothing twice")
    }

    @Test func theBusinessKeyIsPerSourceSystem() throws {
        var h = OrderHarness()
        try h.submit(O.submitRequest("SO-1", source: "sap"))
        let other = try h.run(.submit(O.submitRequest("SO-1", priority: 10, source: "shop")))
        guard case .submit(let response) = other else { Issue.record("not a submit reply"); return }
        #expect(response.created && response.order.orderID == "P1-O2")
        #expect(h.book.order(sourceSystem: "shop", externalOrderID: "SO-1", now: h.now)?.orderID == "P1-O2")
    }

    @Test func aContextForAnotherPlantIsAborted() throws {
        let book = OrderBook(plantID: "P1")
        let context = CommandContext(now: OrderHarness.start, plantID: "P2")
        let error = O.error { try book.decide(.submit(O.submitRequest()), context: context) }
        #expect(error?.code == .aborted)
    }
}
