import OMSCore
import OMSProto
import Testing

/// List over two plants, as the service merges it: every page token
/// followed to the end yields each matching order of both plants once, in
/// (due date, order id) order, whatever the page size and however small the
/// budget each plant's listing gets (then pages come back short or empty).
@Suite struct OrderListMergeTests {
    typealias O = OrderHarness

    @Test(arguments: [UInt64(3), 11, 2026])
    func mergedPagesCoverEveryMatchOnceInOrder(seed: UInt64) throws {
        var rng = SeededGenerator(state: seed)
        var plants = [O(plant: "P1"), O(plant: "P2")]
        for index in plants.indices {
            for number in 1...30 {
                // Many due dates shared across plants; customer C2 is rare.
                let customer = Int.random(in: 0..<8, using: &rng) == 0 ? "C2" : "C1"
                try plants[index].submit(
                    O.submitRequest(
                        "SO-\(number)", lines: [O.line("10", dueDay: Int.random(in: 0...12, using: &rng))],
                        customer: customer))
            }
        }
        let requests: [Oms_V1_ListOrdersRequest] = [.init(), .with { $0.customerID = "C2" }]
        for request in requests {
            let expected = try plants.flatMap { plant in
                try plant.book.list(.with { $0.customerID = request.customerID; $0.pageSize = 1000 }, now: plant.now).orders
            }.sorted(by: OrderBook.listsBefore).map(\.orderID)
            for pageSize: UInt32 in [1, 3, 7, 100] {
                for budget in [1, 2, 5, OrderBook.listingBudget] {
                    var paging = request
                    paging.pageSize = pageSize
                    var seen: [String] = []
                    var calls = 0
                    repeat {
                        let pages = try plants.map { try $0.book.list(paging, now: $0.now, budget: budget) }
                        let merged = OrderBook.mergedListPage(pages, pageSize: Int(pageSize))
                        #expect(merged.orders.count <= Int(pageSize))
                        #expect(merged.asOfSequence == ["P1": 30, "P2": 30])
                        seen += merged.orders.map(\.orderID)
                        paging.pageToken = merged.nextPageToken
                        calls += 1
                    } while !paging.pageToken.isEmpty && calls < 1_000
                    #expect(seen == expected, "\(request) page size \(pageSize), budget \(budget)")
                }
            }
        }
    }
}
