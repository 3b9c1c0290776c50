public import OMSProto

/// What a service needs to merge the List pages of several plants: every
/// book lists in the same (due date, order id) order and reads the same
/// position tokens, so one merged page continues in every plant.
extension OrderBook {
    /// How many orders one List call looks at per plant, at most (like
    /// `InventoryState.listingBudget`).
    public static let listingBudget = 10_000

    /// One page of a List over several plants, from each plant's page for
    /// the same request and token. A plant whose page has a token has
    /// answered for every order up to that position, and only that far: the
    /// merged page stops at the earliest such position, and goes on from
    /// there when it is not full.
    public static func mergedListPage(_ pages: [Oms_V1_ListOrdersResponse], pageSize: Int) -> Oms_V1_ListOrdersResponse {
        // Every token here was made by a book: one that does not decode cannot come.
        let answeredUpTo = pages.compactMap { try? OrderPageToken.listCursor($0.nextPageToken) }.min()
        var merged = pages.flatMap(\.orders).sorted(by: listsBefore)
        if let answeredUpTo { merged.removeAll { answeredUpTo < key($0) } }
        var response = Oms_V1_ListOrdersResponse()
        for page in pages { response.asOfSequence.merge(page.asOfSequence) { _, new in new } }
        response.orders = Array(merged.prefix(pageSize))
        if merged.count > pageSize, let last = response.orders.last {
            response.nextPageToken = listPageToken(after: last)
        } else if let answeredUpTo {
            response.nextPageToken = OrderPageToken.list(after: answeredUpTo)
        }
        return response
    }

    /// True when `a` comes before `b` in List order.
    public static func listsBefore(_ a: Oms_V1_Order, _ b: Oms_V1_Order) -> Bool {
        key(a) < key(b)
    }

    /// The next_page_token that continues a List right after `order`.
    public static func listPageToken(after order: Oms_V1_Order) -> String {
        OrderPageToken.list(after: key(order))
    }

    private static func key(_ order: Oms_V1_Order) -> OrderListKey {
        OrderListKey(due: order.dueDate, orderID: order.orderID, slot: -1)
    }
}
