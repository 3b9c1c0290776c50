import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// Random command sequences over orders and their production orders
/// (approve, amend, cancel, hold, split, merge, release) keep pegging exact:
/// every unit of an approved make line is pegged exactly once across the
/// live lots, no lot carries more demand than its quantity, Split and Merge
/// conserve quantity and pegs, and replay and snapshot equal the book.
@Suite struct ProductionPropertyTests {
    typealias O = OrderHarness
    static let madeItems: Set<String> = ["PUMP", "GEAR", "VALVE"]

    struct Run {
        var rng: SeededGenerator
        let catalog: Catalog
        var h = OrderHarness()
        var orders: [String] = []
        var accepted: [String: Int] = [:]

        mutating func pick<T>(_ choices: [T]) -> T? { choices.randomElement(using: &rng) }
        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

        mutating func lines() -> [Oms_V1_OrderLineInput] {
            let count = Int.random(in: 1...3, using: &rng)
            return (0..<count).map { index in
                let item = pick(["PUMP", "PUMP", "GEAR", "VALVE", "BOLT"]) ?? "PUMP"
                let quantity = String(Int.random(in: 1...260, using: &rng))
                return O.line(String((index + 1) * 10), item, quantity, dueDay: Int.random(in: 5...12, using: &rng))
            }
        }

        func openLots() throws -> [Oms_V1_ProductionOrder] {
            try h.lots(states: [.created, .planned])
        }

        mutating func command() throws -> (name: String, OrderCommand) {
            let id = pick(orders) ?? "P1-O1"
            let version = h.order(id)?.version ?? 1
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<20:
                return ("submit", .submit(O.submitRequest("SO-\(orders.count + 1)", lines: lines())))
            case 20..<40:
                return ("approve", O.approve(id, catalog))
            case 40..<52:
                return ("amend", O.amend(id, version: version, lines: lines(), catalog))
            case 52..<57:
                return ("cancel", O.cancel(id))
            case 57..<62:
                return chance(50) ? ("hold", O.hold(id)) : ("release-hold", O.releaseHold(id))
            case 62..<80:
                let lot = try pick(openLots()) ?? h.lots().first
                let total = Quantity(lot?.quantity ?? "2") ?? .zero
                let cut = Quantity(micros: Int64.random(in: 1...max(1, total.micros), using: &rng))
                let parts = chance(85) ? [cut.description, (total - cut).description] : ["1", "1"]
                return ("split", O.split(lot?.productionOrderID ?? "P1-P1", parts))
            case 80..<92:
                let open = try openLots()
                guard let first = pick(open) else { return ("merge", O.merge(["P1-P1", "P1-P2"])) }
                let partners = open.filter {
                    $0.itemID == first.itemID && $0.routingID == first.routingID
                        && $0.productionOrderID != first.productionOrderID
                }
                let second = (chance(80) ? pick(partners) : pick(open)) ?? first
                return ("merge", O.merge([first.productionOrderID, second.productionOrderID]))
            default:
                let ids = try openLots().map(\.productionOrderID)
                return ("release", O.releaseLots(Array(ids.shuffled(using: &rng).prefix(2))))
            }
        }

        mutating func step() throws {
            let (name, command) = try command()
            let before = try h.lots()
            let reply: OrderReply
            do throws(DomainError) {
                reply = try h.run(command)
            } catch {
                return
            }
            accepted[name, default: 0] += 1
            if case .submit(let response) = reply, response.created { orders.append(response.order.orderID) }
            if let shown = reply.changedOrder {
                #expect(shown == h.order(shown.orderID), "the reply shows the order, pegs included, as the book does")
            }
            try checkConservation(reply, before: before)
            try checkPegging()
        }

        /// Split and Merge move quantity and pegs, and create or destroy none.
        func checkConservation(_ reply: OrderReply, before: [Oms_V1_ProductionOrder]) throws {
            let old = Dictionary(uniqueKeysWithValues: before.map { ($0.productionOrderID, $0) })
            switch reply {
            case .split(let response):
                let source = try #require(old[response.productionOrders.first?.derivedFrom.first ?? ""])
                #expect(sum(response.productionOrders.map(\.quantity)) == Quantity(source.quantity))
                #expect(pegTotals(response.productionOrders) == pegTotals([source]))
            case .merge(let response):
                let sources = try response.productionOrder.derivedFrom.map { try #require(old[$0]) }
                #expect(Quantity(response.productionOrder.quantity) == sum(sources.map(\.quantity)))
                #expect(pegTotals([response.productionOrder]) == pegTotals(sources))
            default:
                break
            }
        }

        /// Every approved, not cancelled order's make lines are pegged in full
        /// across live lots; nothing else is pegged; no lot is over-pegged.
        func checkPegging() throws {
            let lots = try h.lots()
            let live = lots.filter { $0.state != .superseded && $0.state != .cancelled }
            for lot in live {
                let pegged = sum(lot.pegs.map(\.quantity))
                #expect(pegged.map { $0 <= (Quantity(lot.quantity) ?? .zero) } == true, "\(lot.productionOrderID) over-pegged")
                #expect(lot.pegs.allSatisfy { (Quantity($0.quantity) ?? .zero).isPositive })
            }
            let totals = pegTotals(live)
            for id in orders {
                let order = try #require(h.order(id))
                let state = order.state == .held ? order.stateBeforeHold : order.state
                let approved = state != .received && state != .cancelled
                for line in order.lines {
                    let key = "\(id)/\(line.lineID)"
                    let expected = approved && ProductionPropertyTests.madeItems.contains(line.itemID)
                        ? Quantity(line.quantity) : nil
                    #expect(totals[key] == expected, "\(key) (\(order.state)) pegged \(totals[key]?.description ?? "nothing")")
                    #expect(sum(line.pegs.map(\.quantity)) == (expected ?? .zero), "the order shows its pegs")
                }
            }
        }

        func sum(_ quantities: [String]) -> Quantity? {
            quantities.reduce(Quantity.zero) { total, text in Quantity(text).flatMap { total?.adding($0) } }
        }

        /// "order/line" -> pegged quantity over the lots.
        func pegTotals(_ lots: [Oms_V1_ProductionOrder]) -> [String: Quantity] {
            var totals: [String: Quantity] = [:]
            for peg in lots.flatMap(\.pegs) {
                totals["\(peg.orderID)/\(peg.lineID)", default: .zero] += Quantity(peg.quantity) ?? .zero
            }
            return totals
        }
    }

    @Test(arguments: [3, 17, 2026, 77_001])
    func randomCommandsKeepPeggingExact(seed: UInt64) async throws {
        var run = Run(rng: SeededGenerator(state: seed), catalog: try ProductionFixture.catalog())
        for step in 0..<250 {
            try run.step()
            // Long and CPU-bound: let the other suites' tasks run (the pool has one thread per core).
            if step % 25 == 0 { await Task.yield() }
        }
        for name in ["submit", "approve", "amend", "split", "merge", "release"] {
            #expect(run.accepted[name, default: 0] > 0, "\(name) was exercised")
        }
        #expect(try run.h.replayed() == run.h.book, "journal replay equals the book")
        let bytes: [UInt8] = try run.h.book.snapshot().serializedBytes()
        #expect(OrderBook(snapshot: try Oms_Journal_V1_OrderBookSnapshot(serializedBytes: bytes)) == run.h.book)
    }
}

extension Quantity {
    fileprivate static func += (lhs: inout Quantity, rhs: Quantity) { lhs = lhs + rhs }
}
