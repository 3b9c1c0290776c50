import OMSProto

/// List's indexes of a book: every order's list key by state, and each
/// customer's keys (all states in one sequence), so a List for one customer
/// walks that customer's orders instead of every order of the asked states,
/// a budget at a time. One sequence per customer keeps a one-order customer
/// to about 150 bytes. Derived from the records; a snapshot does not carry it.
struct OrderListIndexes: Sendable, Equatable {
    private(set) var all = OrderListIndex()
    /// Customers with no order have no entry.
    private var byCustomer: [String: SortedKeyChunks] = [:]

    init() {}

    /// Built at once from unsorted entries (snapshot recovery).
    init(_ entries: [(key: OrderListKey, state: Oms_V1_OrderState, customer: String)]) {
        all = OrderListIndex(entries.map { ($0.key, $0.state) })
        byCustomer = Dictionary(grouping: entries, by: \.customer).mapValues { SortedKeyChunks(sorted: $0.map(\.key).sorted()) }
    }

    mutating func insert(_ key: OrderListKey, state: Oms_V1_OrderState, customer: String) {
        all.insert(key, state: state)
        byCustomer[customer, default: SortedKeyChunks()].insert(key)
    }

    mutating func remove(_ key: OrderListKey, state: Oms_V1_OrderState, customer: String) {
        all.remove(key, state: state)
        byCustomer[customer]?.remove(key)
        if byCustomer[customer]?.count == 0 { byCustomer[customer] = nil }
    }

    /// Visits, in ascending order after `cursor`, the keys that can match: of
    /// `states` without a customer, or every key of `customer` (any state:
    /// the caller checks it, and counts it against its budget), for as long
    /// as `visit` returns true.
    func forEach(
        states: Set<Oms_V1_OrderState>, customer: String, after cursor: OrderListKey?, _ visit: (OrderListKey) -> Bool
    ) {
        guard !customer.isEmpty else { return all.forEach(states: states, after: cursor, visit) }
        guard let keys = byCustomer[customer] else { return }
        var position = cursor.map { keys.position(of: $0, inclusive: false) } ?? keys.startPosition
        while let key = keys[position], visit(key) { position = keys.position(after: position) }
    }
}
