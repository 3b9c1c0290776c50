import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

@Suite struct OrderPropertyTests {
    typealias O = OrderHarness

    /// The lifecycle's edges as orders.proto draws them, written out here.
    static let forward: Set<[Oms_V1_OrderState]> = [
        [.received, .approved], [.approved, .planned], [.planned, .released], [.released, .inProduction],
        [.inProduction, .completed], [.completed, .shipped],
    ]
    static let holdable: [Oms_V1_OrderState] = [.received, .approved, .planned, .released, .inProduction]

    static func isEdge(_ from: Oms_V1_OrderState, _ to: Oms_V1_OrderState, heldIn: Oms_V1_OrderState) -> Bool {
        if forward.contains([from, to]) { return true }
        if to == .held { return holdable.contains(from) }
        if from == .held && to != .cancelled { return to == heldIn }
        if to == .cancelled { return holdable.contains(from) || from == .held }
        return false
    }

    /// What the test knows of an order from the events alone.
    struct Model {
        var version: UInt64
        var changes: Int
        var state: Oms_V1_OrderState
        var heldIn: Oms_V1_OrderState = .unspecified
        var customer: String
    }

    struct Run {
        var rng: SeededGenerator
        var h = OrderHarness()
        var models: [String: Model] = [:]
        var accepted = 0
        var refused: [DomainError.Code: Int] = [:]

        mutating func pick<T>(_ choices: [T]) -> T? { choices.randomElement(using: &rng) }
        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

        mutating func lines() -> [Oms_V1_OrderLineInput] {
            let all = [
                O.line("10", "A", pick(["1", "2", "2.000"]) ?? "1", dueDay: Int.random(in: -3...6, using: &rng)),
                O.line("20", "B", pick(["0.5", "3"]) ?? "3", dueDay: Int.random(in: -3...6, using: &rng)),
                O.line("30", "C", "1", dueDay: 4),
            ]
            let count = Int.random(in: 1...3, using: &rng)
            return Array(all.prefix(count)).shuffled(using: &rng)
        }

        /// Mostly an order in one of `states`, so commands often apply; any order otherwise.
        mutating func orderID(preferring states: Set<Oms_V1_OrderState>) -> String {
            let ids = models.keys.sorted()
            let fitting = ids.filter { models[$0].map { states.contains($0.state) } ?? false }
            return (chance(70) ? pick(fitting) : nil) ?? pick(ids) ?? "P1-O1"
        }

        mutating func command() -> OrderCommand {
            let kind = Int.random(in: 0..<100, using: &rng)
            let preferred: Set<Oms_V1_OrderState> =
                switch kind {
                case 25..<35: [.received]
                case 43..<53: [.held]
                case 63..<85: [.approved, .planned, .released, .inProduction]
                case 85..<100: [.completed]
                default: [.received, .approved, .planned, .released, .inProduction, .held]
                }
            let id = orderID(preferring: preferred)
            let version = models[id]?.version ?? 1
            // Mostly the right version, sometimes none, sometimes a stale one.
            let expected: UInt64 = pick([version, version, 0, version &- 1]) ?? 0
            switch kind {
            case 0..<15:
                // Half new orders, half resubmissions (little variety: some conflict).
                let number = chance(50) ? models.count : Int.random(in: 0...models.count, using: &rng)
                let key = "SO-\(number)"
                let lines = [O.line("10", "A", pick(["1", "1.0", "2"]) ?? "1", dueDay: key.count)]
                return .submit(
                    O.submitRequest(key, lines: lines, priority: pick([0, 0, 40]) ?? 0, customer: "C\(number % 3)"))
            case 15..<25:
                let based = chance(80) ? version : version &+ 1
                return O.amend(id, version: based, lines: lines(), priority: pick([0, 60]) ?? 0)
            case 25..<35: return O.approve(id, version: expected)
            case 35..<43: return O.hold(id, reason: pick(["credit", ""]) ?? "", version: expected)
            case 43..<53: return O.releaseHold(id, version: expected)
            case 53..<56: return O.cancel(id, version: expected)
            case 56..<63: return O.expedite(id, clear: chance(50))
            case 63..<85:
                // Mostly the next step, sometimes any.
                let next: [Oms_V1_OrderState: Oms_V1_OrderState] = [
                    .approved: .planned, .planned: .released, .released: .inProduction, .inProduction: .completed,
                ]
                let target = models[id].flatMap { next[$0.state] }
                let any: Oms_V1_OrderState = pick([.planned, .released, .inProduction, .completed]) ?? .planned
                return O.advance(id, to: chance(70) ? target ?? any : any)
            default:
                // Mostly what is left of a line, sometimes a part or too much.
                let line = pick(["10", "20", "30"]) ?? "10"
                let order = h.order(id)?.lines.first { $0.lineID == line }
                let ordered = Quantity(order?.quantity ?? "1") ?? .zero
                let left = ordered - (Quantity(order?.quantityShipped ?? "0") ?? .zero)
                let quantity = chance(60) && left.isPositive ? left.description : pick(["0.5", "1", "2"]) ?? "1"
                return O.ship(id, reference: "DN-\(Int.random(in: 0..<6, using: &rng))", (line, quantity))
            }
        }

        mutating func step() throws {
            let command = command()
            let events: [Oms_Journal_V1_OrderEvent]
            let reply: OrderReply
            do throws(DomainError) {
                (events, reply) = try h.runWithEvents(command, as: pick(["erp", "planner"]) ?? "erp")
            } catch {
                refused[error.code, default: 0] += 1
                return
            }
            accepted += 1
            for event in events { try check(event) }
            #expect(models[reply.order.orderID]?.version == reply.order.version, "the reply shows the order as it is")
        }

        /// Every event moves one order's version up by one, along the lifecycle.
        mutating func check(_ event: Oms_Journal_V1_OrderEvent) throws {
            switch event.event {
            case .orderSubmitted(let submitted)?:
                #expect(models[submitted.orderID] == nil)
                models[submitted.orderID] = Model(
                    version: 1, changes: 1, state: .received, customer: submitted.customerID)
            case .orderAmended(let amended)?:
                try advance(amended.orderID, to: amended.version, state: nil)
            case .orderStateChanged(let changed)?:
                let model = try #require(models[changed.orderID])
                #expect(changed.previousState == model.state)
                #expect(
                    OrderPropertyTests.isEdge(model.state, changed.newState, heldIn: model.heldIn),
                    "\(model.state) -> \(changed.newState)")
                try advance(changed.orderID, to: changed.version, state: changed.newState)
                if changed.newState == .held { models[changed.orderID]?.heldIn = changed.previousState }
            case .orderExpediteChanged(let changed)?:
                try advance(changed.orderID, to: changed.version, state: nil)
            case .orderShipped(let shipped)?:
                let model = try #require(models[shipped.orderID])
                #expect(model.state == .completed)
                #expect(shipped.newState == .completed || shipped.newState == .shipped)
                try advance(shipped.orderID, to: shipped.version, state: shipped.newState)
            case .productionOrdersChanged?:
                Issue.record("no master data, so no production orders")
            case nil:
                Issue.record("an event without a body")
            }
        }

        mutating func advance(_ id: String, to version: UInt64, state: Oms_V1_OrderState?) throws {
            let model = try #require(models[id])
            #expect(version == model.version + 1, "version grows by one per change")
            models[id]?.version = version
            models[id]?.changes += 1
            if let state { models[id]?.state = state }
        }

        /// Book-wide invariants against the model.
        func checkBook() throws {
            var listed: [String: Oms_V1_OrderState] = [:]
            let states: [Oms_V1_OrderState] = [
                .received, .approved, .planned, .released, .inProduction, .completed, .shipped, .held, .cancelled,
            ]
            for state in states {
                for order in try h.book.list(.with { $0.states = [state]; $0.pageSize = 1000 }, now: h.now).orders {
                    #expect(listed.updateValue(state, forKey: order.orderID) == nil, "\(order.orderID) in two states")
                    #expect(order.state == state)
                }
            }
            #expect(Set(listed.keys) == Set(models.keys), "every order in exactly one state")
            for (id, model) in models {
                let order = try #require(h.order(id))
                #expect(order.state == model.state && order.version == model.version)
                #expect(order.stateBeforeHold == (model.state == .held ? model.heldIn : .unspecified))
                let history = try h.book.history(.with { $0.orderID = id; $0.pageSize = 1000 }).entries
                #expect(history.count == model.changes, "one history entry per change")
                #expect(history.map(\.version) == Array(1...UInt64(model.changes)))
                #expect(zip(history, history.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
            }
        }

        /// Replay, snapshot round trip and pagination.
        mutating func checkRecovery() throws {
            #expect(try h.replayed() == h.book, "replaying the journal gives the book")
            let bytes: [UInt8] = try h.book.snapshot().serializedBytes()
            #expect(OrderBook(snapshot: try Oms_Journal_V1_OrderBookSnapshot(serializedBytes: bytes)) == h.book)

            var request = Oms_V1_ListOrdersRequest()
            request.pageSize = UInt32.random(in: 1...4, using: &rng)
            // Every order, or one customer's (its own index), or a customer with none.
            request.customerID = pick(["", "", "C0", "C1", "C2", "C9"]) ?? ""
            // Every state, or some (a customer's index holds every state: the listing checks them).
            if chance(50) { request.states = [.received, .approved, .held, .shipped].filter { _ in chance(50) } }
            // Sometimes so small a budget that pages come back short or empty.
            let budget = Bool.random(using: &rng) ? Int.random(in: 1...3, using: &rng) : OrderBook.listingBudget
            var seen: [Oms_V1_Order] = []
            repeat {
                let page = try h.book.list(request, now: h.now, budget: budget)
                #expect(page.orders.count <= Int(request.pageSize))
                seen += page.orders
                request.pageToken = page.nextPageToken
            } while !request.pageToken.isEmpty
            let expected = models.filter {
                (request.customerID.isEmpty || $0.value.customer == request.customerID)
                    && (request.states.isEmpty || request.states.contains($0.value.state))
            }
            #expect(seen.map(\.orderID).sorted() == expected.keys.sorted(), "every order (of the customer) exactly once")
            let keys = seen.map { ($0.dueDate.seconds, $0.dueDate.nanos, $0.orderID) }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "ordered by (due_date, order_id)")
        }
    }

    @Test(arguments: [UInt64(1), 7, 20_251_126])
    func randomCommandsKeepTheLifecycleVersionsHistoryAndReplay(seed: UInt64) async throws {
        var run = Run(rng: SeededGenerator(state: seed))
        for step in 0..<1_500 {
            // Long and CPU-bound: let the other suites' tasks run (the pool has one thread per core).
            if step % 50 == 0 { await Task.yield() }
            run.h.now = run.h.now.addingTimeInterval(Double(Int.random(in: 0...3_600, using: &run.rng)))
            try run.step()
            if step % 50 == 0 { try run.checkBook() }
            if step % 250 == 0 { try run.checkRecovery() }
        }
        try run.checkBook()
        try run.checkRecovery()
        // The sequence exercised both sides of the rules.
        #expect(run.models.count >= 50)
        #expect(run.accepted > 500)
        #expect(run.refused[.failedPrecondition, default: 0] > 0)
        #expect(run.refused[.aborted, default: 0] > 0)
        #expect(run.refused[.alreadyExists, default: 0] > 0)
        #expect(run.models.values.contains { $0.state == .shipped })
    }
}
