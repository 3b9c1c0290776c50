public import OMSProto

/// What a service needs to merge the List pages of several plants: every
/// book lists in the same (due date, order id) order and reads the same
/// position tokens, so one merged page continues in every plant.
extension OrderBook {
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
