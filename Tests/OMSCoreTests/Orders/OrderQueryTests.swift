import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

@Suite struct OrderQueryTests {
    typealias O = OrderHarness

    /// Five orders: O1 due day 10, O2 due day 5 (a second line day 20),
    /// O3 due day 10, O4 due day 30 (customer C2, source shop), O5 due day -2.
    static func book() throws -> OrderHarness {
        var h = OrderHarness()
        try h.submit(O.submitRequest("SO-1", lines: [O.line("10", dueDay: 10)]))
        try h.submit(O.submitRequest("SO-2", lines: [O.line("10", dueDay: 20), O.line("20", dueDay: 5)]))
        try h.submit(O.submitRequest("SO-3", lines: [O.line("10", dueDay: 10)]))
        try h.submit(O.submitRequest("SO-4", lines: [O.line("10", dueDay: 30)], customer: "C2", source: "shop"))
        try h.submit(O.submitRequest("SO-5", lines: [O.line("10", dueDay: -2)]))
        return h
    }

    static func ids(_ h: OrderHarness, _ build: (inout Oms_V1_ListOrdersRequest) -> Void) throws -> [String] {
        var request = Oms_V1_ListOrdersRequest()
        build(&request)
        return try h.book.list(request, now: h.now).orders.map(\.orderID)
    }

    @Test func getByIDAndByBusinessKey() throws {
        let h = try Self.book()
        let byID = try h.book.get(.with { $0.orderID = "P1-O3" }, now: h.now)
        #expect(byID.order.externalOrderID == "SO-3")
        let byKey = try h.book.get(
            .with { $0.external = .with { $0.sourceSystem = "shop"; $0.externalOrderID = "SO-4" } }, now: h.now)
        #expect(byKey.order.orderID == "P1-O4")

        var error: DomainError?
        error = O.error { try h.book.get(.with { $0.orderID = "P1-O99" }, now: h.now) }
        #expect(error?.code == .notFound)
        error = O.error { try h.book.get(Oms_V1_GetOrderRequest(), now: h.now) }
        #expect(error?.code == .invalidArgument && error?.field == "key")
    }

    @Test func listIsOrderedByDueDateThenOrderID() throws {
        let h = try Self.book()
        #expect(try Self.ids(h) { _ in } == ["P1-O5", "P1-O2", "P1-O1", "P1-O3", "P1-O4"])
        let list = try h.book.list(Oms_V1_ListOrdersRequest(), now: h.now)
        #expect(list.nextPageToken.isEmpty)
        #expect(list.asOfSequence == ["P1": 5])
    }

    @Test func listFilters() throws {
        var h = try Self.book()
        try h.run(O.approve("P1-O3"))
        try h.run(O.expedite("P1-O1"))
        #expect(try Self.ids(h) { $0.states = [.approved] } == ["P1-O3"])
        #expect(try Self.ids(h) { $0.states = [.approved, .received] } == ["P1-O5", "P1-O2", "P1-O1", "P1-O3", "P1-O4"])
        #expect(try Self.ids(h) { $0.customerID = "C2" } == ["P1-O4"])
        #expect(try Self.ids(h) { $0.sourceSystem = "sap" } == ["P1-O5", "P1-O2", "P1-O1", "P1-O3"])
        #expect(try Self.ids(h) { $0.expeditedOnly = true } == ["P1-O1"])
        #expect(try Self.ids(h) { $0.plantID = "P1" }.count == 5)
        #expect(try Self.ids(h) { $0.plantID = "P2" }.isEmpty)
        // Any line due in [from, to): O2's second line (day 20) is in [15, 25).
        #expect(try Self.ids(h) { $0.dueFrom = O.day(15); $0.dueTo = O.day(25) } == ["P1-O2"])
        #expect(try Self.ids(h) { $0.dueTo = O.day(10) } == ["P1-O5", "P1-O2"])
        #expect(try Self.ids(h) { $0.dueFrom = O.day(10) } == ["P1-O2", "P1-O1", "P1-O3", "P1-O4"])
    }

    @Test func lateOnlyListsOpenOrdersPastTheirDueDate() throws {
        var h = try Self.book()
        #expect(try Self.ids(h) { $0.lateOnly = true } == ["P1-O5"])
        #expect(h.order("P1-O5")?.late == true && h.order("P1-O5")?.lines.first?.late == true)
        h.now = O.day(11).date
        #expect(try Self.ids(h) { $0.lateOnly = true } == ["P1-O5", "P1-O2", "P1-O1", "P1-O3"])
        try h.run(O.cancel("P1-O1"))
        try h.complete("P1-O3")
        #expect(try Self.ids(h) { $0.lateOnly = true } == ["P1-O5", "P1-O2"])
        #expect(h.order("P1-O3")?.late == false)
    }

    @Test func pagesReturnEveryOrderOnceAndABadTokenIsRefused() throws {
        var h = OrderHarness()
        for n in 0..<25 {
            try h.submit(O.submitRequest("SO-\(n)", lines: [O.line("10", dueDay: n % 4)]))
        }
        var seen: [String] = []
        var request = Oms_V1_ListOrdersRequest()
        request.pageSize = 7
        var pages = 0
        repeat {
            let page = try h.book.list(request, now: h.now)
            #expect(page.orders.count <= 7)
            seen += page.orders.map(\.orderID)
            request.pageToken = page.nextPageToken
            pages += 1
        } while !request.pageToken.isEmpty
        #expect(pages == 4)
        #expect(seen == (try Self.ids(h) { $0.pageSize = 1000 }))
        #expect(Set(seen).count == 25)

        for token in ["%%%", "aGVsbG8=", OrderHarness.historyToken()] {
            request.pageToken = token
            var error: DomainError?
            error = O.error { try h.book.list(request, now: h.now) }
            #expect(error?.code == .invalidArgument && error?.field == "page_token")
        }
    }

    @Test func pageSizeDefaultsTo100AndIsCappedAt1000() throws {
        var h = OrderHarness()
        for n in 0..<1_001 {
            try h.submit(O.submitRequest("SO-\(n)", lines: [O.line("10", dueDay: n % 50)]))
        }
        #expect(try h.book.list(Oms_V1_ListOrdersRequest(), now: h.now).orders.count == 100)
        let capped = try h.book.list(.with { $0.pageSize = 5_000 }, now: h.now)
        #expect(capped.orders.count == 1_000 && !capped.nextPageToken.isEmpty)
    }

    /// Enough orders for the index to split and drop chunks as due dates
    /// and states change; every listing against a sort of all orders.
    @Test func listingsStayOrderedThroughManyChanges() throws {
        var rng = SeededGenerator(state: 99)
        var h = OrderHarness()
        let count = 3_000
        for n in 0..<count {
            try h.submit(O.submitRequest("SO-\(n)", lines: [O.line("10", dueDay: Int.random(in: 0..<40, using: &rng))]))
        }
        for n in 1...count where n % 3 != 0 {
            let id = "P1-O\(n)"
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: try h.run(O.cancel(id))
            case 1: try h.run(O.approve(id))
            case 2:
                let due = Int.random(in: 0..<40, using: &rng)
                try h.run(O.amend(id, version: 1, lines: [O.line("10", dueDay: due)]))
            default: try h.run(O.hold(id))
            }
        }
        let all = (1...count).compactMap { h.order("P1-O\($0)") }
        for states in [[], [Oms_V1_OrderState.received], [.approved, .held], [.cancelled, .received, .approved]] {
            let expected = all.filter { states.isEmpty || states.contains($0.state) }
                .sorted { a, b in
                    (a.dueDate.seconds, a.dueDate.nanos, a.orderID) < (b.dueDate.seconds, b.dueDate.nanos, b.orderID)
                }
                .map(\.orderID)
            var request = Oms_V1_ListOrdersRequest()
            request.states = states
            request.pageSize = 333
            var listed: [String] = []
            repeat {
                let page = try h.book.list(request, now: h.now)
                listed += page.orders.map(\.orderID)
                request.pageToken = page.nextPageToken
            } while !request.pageToken.isEmpty
            #expect(listed == expected, "states \(states)")
        }
        #expect(try h.replayed() == h.book)
        #expect(OrderBook(snapshot: h.book.snapshot()) == h.book)
    }

    @Test func historyPagesOldestFirst() throws {
        var h = OrderHarness()
        let id = try h.submit()
        try h.complete(id)
        var request = Oms_V1_OrderHistoryRequest()
        request.orderID = id
        request.pageSize = 4
        let first = try h.book.history(request)
        #expect(first.entries.map(\.action) == [.submitted, .approved, .planned, .released])
        request.pageToken = first.nextPageToken
        let second = try h.book.history(request)
        #expect(second.entries.map(\.action) == [.productionStarted, .completed])
        #expect(second.nextPageToken.isEmpty)
        #expect((first.entries + second.entries).map(\.sequence) == [1, 2, 3, 4, 5, 6])
        #expect((first.entries + second.entries).map(\.version) == [1, 2, 3, 4, 5, 6])

        request.pageToken = "nonsense"
        var error: DomainError?
        error = O.error { try h.book.history(request) }
        #expect(error?.field == "page_token")
        error = O.error { try h.book.history(.with { $0.orderID = "P1-O7" }) }
        #expect(error?.code == .notFound)
    }

    @Test func applyWithAJournalSequenceRecordsIt() throws {
        var h = OrderHarness()
        let (events, _) = try h.book.decide(.submit(O.submitRequest()), context: h.context("erp"))
        var book = OrderBook(plantID: OrderHarness.plant)
        book.apply(events[0], seq: 41)
        #expect(book.lastSequence == 41)
        #expect(try book.history(.with { $0.orderID = "P1-O1" }).entries.first?.sequence == 41)
        h.book = book
        try h.run(O.approve("P1-O1"))
        #expect(try h.book.history(.with { $0.orderID = "P1-O1" }).entries.last?.sequence == 42)
    }

    @Test func snapshotRoundTripEqualsTheBook() throws {
        var h = try Self.book()
        try h.complete("P1-O1")
        try h.run(O.ship("P1-O1", reference: "DN-1", ("10", "1")))
        try h.run(O.hold("P1-O2"))
        try h.run(O.expedite("P1-O3"))
        try h.run(O.cancel("P1-O4"))
        let bytes: [UInt8] = try h.book.snapshot().serializedBytes()
        let restored = OrderBook(snapshot: try Oms_Journal_V1_OrderBookSnapshot(serializedBytes: bytes))
        #expect(restored == h.book)
        #expect(restored == (try h.replayed()))
    }
}

extension OrderHarness {
    /// A History page token, which List must not take.
    static func historyToken() -> String {
        var h = OrderHarness()
        guard let id = try? h.submit() else { return "" }
        for _ in 0..<3 { _ = try? h.run(expedite(id)); _ = try? h.run(expedite(id, clear: true)) }
        let page = try? h.book.history(.with { $0.orderID = id; $0.pageSize = 2 })
        return page?.nextPageToken ?? ""
    }
}
