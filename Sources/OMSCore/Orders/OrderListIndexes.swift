import OMSProto

/// List's indexes of a book: every order's list key by state, and the same
/// per customer, so a List for one customer walks that customer's orders
/// instead of every order of the asked states, a budget at a time.
/// Derived from the records; a snapshot does not carry it.
struct OrderListIndexes: Sendable, Equatable {
    private(set) var all = OrderListIndex()
    /// Customers with no order have no entry.
    private var byCustomer: [String: OrderListIndex] = [:]

    init() {}

    /// Built at once from unsorted entries (snapshot recovery).
    init(_ entries: [(key: OrderListKey, state: Oms_V1_OrderState, customer: String)]) {
        all = OrderListIndex(entries.map { ($0.key, $0.state) })
        let grouped = Dictionary(grouping: entries, by: \.customer)
        byCustomer = grouped.mapValues { OrderListIndex($0.map { ($0.key, $0.state) }) }
    }

    mutating func insert(_ key: OrderListKey, state: Oms_V1_OrderState, customer: String) {
        all.insert(key, state: state)
        byCustomer[customer, default: OrderListIndex()].insert(key, state: state)
    }

    mutating func remove(_ key: OrderListKey, state: Oms_V1_OrderState, customer: String) {
        all.remove(key, state: state)
        byCustomer[customer]?.remove(key, state: state)
        if byCustomer[customer]?.isEmpty == true { byCustomer[customer] = nil }
    }

    /// The index that holds every order the request's customer filter can match.
    func serving(_ request: Oms_V1_ListOrdersRequest) -> OrderListIndex {
        request.customerID.isEmpty ? all : byCustomer[request.customerID] ?? OrderListIndex()
    }
}
