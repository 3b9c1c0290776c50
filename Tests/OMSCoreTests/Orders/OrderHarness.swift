import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// An order book in a shard in miniature: decides, "journals" (serialises)
/// and applies, like `Harness` does for inventory.
struct OrderHarness {
    static let plant = "P1"
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let plant: String
    var book: OrderBook
    var journal: [[UInt8]] = []
    var now = OrderHarness.start

    init(plant: String = OrderHarness.plant, defaultPriority: UInt32 = 50) {
        self.plant = plant
        book = OrderBook(plantID: plant, defaultPriority: defaultPriority)
    }

    func context(_ principal: String) -> CommandContext {
        CommandContext(now: now, principal: principal, plantID: plant)
    }

    @discardableResult
    mutating func run(_ command: OrderCommand, as principal: String = "erp") throws(DomainError) -> OrderReply {
        try runWithEvents(command, as: principal).reply
    }

    mutating func runWithEvents(
        _ command: OrderCommand, as principal: String = "erp", onBehalfOf: String = ""
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], reply: OrderReply) {
        let (events, reply) = try book.decide(command, context: context(principal), onBehalfOf: onBehalfOf)
        for event in events {
            // Through the wire format, as the journal stores it.
            journal.append((try? event.serializedBytes()) ?? [])
            book.apply(event)
        }
        return (events, reply)
    }

    /// Runs a command that must be refused; checks that nothing changed.
    mutating func refusal(_ command: OrderCommand, as principal: String = "erp") -> DomainError? {
        let before = book
        let journalCount = journal.count
        do throws(DomainError) {
            try run(command, as: principal)
            return nil
        } catch {
            #expect(book == before && journal.count == journalCount, "a refused command changed the book")
            return error
        }
    }

    /// `refusal`, failing the test when the command was carried out.
    mutating func refused(
        _ command: OrderCommand, as principal: String = "erp", _ comment: Comment? = nil
    ) throws -> DomainError {
        let error = refusal(command, as: principal)
        return try #require(error, comment)
    }

    /// A fresh book rebuilt from the serialised journal.
    func replayed() throws -> OrderBook {
        var fresh = OrderBook(plantID: plant, defaultPriority: book.defaultPriority)
        for bytes in journal {
            fresh.apply(try Oms_Journal_V1_OrderEvent(serializedBytes: bytes))
        }
        return fresh
    }

    func order(_ id: String) -> Oms_V1_Order? {
        book.order(id: id, now: now)
    }

    /// Submits and returns the new order's id.
    @discardableResult
    mutating func submit(
        _ request: Oms_V1_SubmitOrderRequest = OrderHarness.submitRequest()
    ) throws(DomainError) -> String {
        try run(.submit(request)).order.orderID
    }

    /// The refusal a query or command gives; nil when it succeeds.
    static func error<T>(of body: () throws -> T) -> DomainError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? DomainError
        }
    }

    // MARK: request builders

    static func day(_ offset: Int) -> Google_Protobuf_Timestamp {
        Google_Protobuf_Timestamp(date: start.addingTimeInterval(Double(offset) * 86_400))
    }

    static func line(
        _ id: String, _ item: String = "A", _ quantity: String = "5", dueDay: Int = 10, plant: String = ""
    ) -> Oms_V1_OrderLineInput {
        var line = Oms_V1_OrderLineInput()
        line.lineID = id
        line.itemID = item
        line.quantity = quantity
        line.dueDate = day(dueDay)
        line.plantID = plant
        return line
    }

    static func submitRequest(
        _ external: String = "SO-1", lines: [Oms_V1_OrderLineInput] = [line("10"), line("20", "B", "2.5", dueDay: 12)],
        priority: UInt32 = 0, customer: String = "C1", source: String = "sap"
    ) -> Oms_V1_SubmitOrderRequest {
        var request = Oms_V1_SubmitOrderRequest()
        request.sourceSystem = source
        request.externalOrderID = external
        request.channel = .erp
        request.customerID = customer
        request.lines = lines
        request.priority = priority
        request.customerReference = "PO-\(external)"
        request.attributes = ["incoterm": "EXW"]
        return request
    }

    static func amend(
        _ id: String, version: UInt64,
        lines: [Oms_V1_OrderLineInput] = [line("10"), line("20", "B", "2.5", dueDay: 12)], priority: UInt32 = 0,
        reference: String = "PO-SO-1", attributes: [String: String] = ["incoterm": "EXW"]
    ) -> OrderCommand {
        var request = Oms_V1_AmendOrderRequest()
        request.orderID = id
        request.expectedVersion = version
        request.lines = lines
        request.priority = priority
        request.customerReference = reference
        request.attributes = attributes
        request.reason = "customer call"
        return .amend(request)
    }

    static func approve(_ id: String, version: UInt64 = 0) -> OrderCommand {
        var request = Oms_V1_ApproveOrderRequest()
        request.orderID = id
        request.expectedVersion = version
        return .approve(request)
    }

    static func hold(_ id: String, reason: String = "credit check", version: UInt64 = 0) -> OrderCommand {
        var request = Oms_V1_HoldOrderRequest()
        request.orderID = id
        request.reason = reason
        request.expectedVersion = version
        return .hold(request)
    }

    static func releaseHold(_ id: String, version: UInt64 = 0) -> OrderCommand {
        var request = Oms_V1_ReleaseOrderHoldRequest()
        request.orderID = id
        request.reason = "credit ok"
        request.expectedVersion = version
        return .releaseHold(request)
    }

    static func cancel(_ id: String, reason: String = "customer cancelled", version: UInt64 = 0) -> OrderCommand {
        var request = Oms_V1_CancelOrderRequest()
        request.orderID = id
        request.reason = reason
        request.expectedVersion = version
        return .cancel(request)
    }

    static func expedite(_ id: String, clear: Bool = false) -> OrderCommand {
        var request = Oms_V1_ExpediteOrderRequest()
        request.orderID = id
        request.reason = "line down at customer"
        request.clear = clear
        return .expedite(request)
    }

    static func advance(_ id: String, to state: Oms_V1_OrderState) -> OrderCommand {
        .advance(orderID: id, to: state, reason: "plan")
    }

    static func ship(_ id: String, reference: String, _ lines: (String, String)...) -> OrderCommand {
        var request = Oms_V1_ShipOrderRequest()
        request.orderID = id
        request.shipmentReference = reference
        request.lines = lines.map { lineID, quantity in
            var line = Oms_V1_ShipmentLine()
            line.lineID = lineID
            line.quantity = quantity
            return line
        }
        return .ship(request)
    }

    /// Takes a RECEIVED order forward to COMPLETED.
    mutating func complete(_ id: String) throws(DomainError) {
        try run(Self.approve(id))
        for state in [Oms_V1_OrderState.planned, .released, .inProduction, .completed] {
            try run(Self.advance(id, to: state), as: "planner")
        }
    }
}

extension DomainError {
    /// The fields of its FieldViolation details.
    var violatedFields: [String] {
        statusDetails.compactMap { detail in
            if case .fieldViolation(let violation)? = detail.kind { violation.field } else { nil }
        }
    }
}

extension OrderReply {
    /// The order a customer-order command left; an empty one for the
    /// production-order commands (whose tests read their own replies).
    var order: Oms_V1_Order { changedOrder ?? Oms_V1_Order() }
}
