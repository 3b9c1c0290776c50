import OMSProto
import SwiftProtobuf

/// An order's place in List's order, (due date, order id), and where the
/// book keeps the order (`slot`, not part of the order).
struct OrderListKey: Sendable, Hashable, Comparable {
    var dueSeconds: Int64
    var dueNanos: Int32
    var orderID: String
    var slot: Int

    init(dueSeconds: Int64, dueNanos: Int32, orderID: String, slot: Int) {
        self.dueSeconds = dueSeconds
        self.dueNanos = dueNanos
        self.orderID = orderID
        self.slot = slot
    }

    init(due: Google_Protobuf_Timestamp, orderID: String, slot: Int) {
        self.init(dueSeconds: due.seconds, dueNanos: due.nanos, orderID: orderID, slot: slot)
    }

    /// True when the key's due date is before `time`.
    func isDue(before time: Google_Protobuf_Timestamp) -> Bool {
        (dueSeconds, dueNanos) < (time.seconds, time.nanos)
    }

    static func < (lhs: OrderListKey, rhs: OrderListKey) -> Bool {
        (lhs.dueSeconds, lhs.dueNanos, lhs.orderID) < (rhs.dueSeconds, rhs.dueNanos, rhs.orderID)
    }

    static func == (lhs: OrderListKey, rhs: OrderListKey) -> Bool {
        (lhs.dueSeconds, lhs.dueNanos, lhs.orderID) == (rhs.dueSeconds, rhs.dueNanos, rhs.orderID)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(dueSeconds)
        hasher.combine(dueNanos)
        hasher.combine(orderID)
    }
}

/// Every order's list key, one sorted sequence per state, so List reads
/// only the states it asks for, starts at its cursor by binary search and
/// stops at a due-date bound: a page costs O(log n + page) for the filters
/// the index serves (states, due_to, late_only), whatever the book's size.
struct OrderListIndex: Sendable, Equatable {
    /// Indexed by the state's raw value.
    private var lists = Array(repeating: SortedKeyChunks(), count: Self.stateSlots)
    private static let stateSlots = 10

    init() {}

    /// Built at once from unsorted keys (snapshot recovery).
    init(_ entries: [(OrderListKey, Oms_V1_OrderState)]) {
        var keys = Array(repeating: [OrderListKey](), count: Self.stateSlots)
        for (key, state) in entries {
            if let slot = Self.slot(state) { keys[slot].append(key) }
        }
        lists = keys.map { SortedKeyChunks(sorted: $0.sorted()) }
    }

    mutating func insert(_ key: OrderListKey, state: Oms_V1_OrderState) {
        guard let slot = Self.slot(state) else { return }
        lists[slot].insert(key)
    }

    mutating func remove(_ key: OrderListKey, state: Oms_V1_OrderState) {
        guard let slot = Self.slot(state) else { return }
        lists[slot].remove(key)
    }

    func count(_ state: Oms_V1_OrderState) -> Int {
        Self.slot(state).map { lists[$0].count } ?? 0
    }

    /// Visits the keys of `states` in ascending order, strictly after
    /// `cursor`, for as long as `visit` returns true (a merge of the states'
    /// sequences).
    func forEach(states: Set<Oms_V1_OrderState>, after cursor: OrderListKey?, _ visit: (OrderListKey) -> Bool) {
        var heads: [(list: Int, position: SortedKeyChunks.Position)] = states.compactMap { state in
            guard let slot = Self.slot(state) else { return nil }
            let start = cursor.map { lists[slot].position(of: $0, inclusive: false) } ?? lists[slot].startPosition
            return (slot, start)
        }
        while true {
            var best: (head: Int, key: OrderListKey)?
            for (index, head) in heads.enumerated() {
                guard let key = lists[head.list][head.position] else { continue }
                if let current = best, current.key < key { continue }
                best = (index, key)
            }
            guard let (chosen, key) = best else { return }
            heads[chosen].position = lists[heads[chosen].list].position(after: heads[chosen].position)
            guard visit(key) else { return }
        }
    }

    private static func slot(_ state: Oms_V1_OrderState) -> Int? {
        let raw = state.rawValue
        return raw > 0 && raw < stateSlots ? raw : nil
    }
}
