/// The deadlines of a connection's open calls, so that one timer, armed for
/// the earliest, serves them all. Scheduling and cancelling an event-loop
/// timer per call costs allocations and a lock on every call; here a call's
/// deadline is a heap push and its end a dictionary removal.
///
/// Ended calls leave their heap entry behind (lazy deletion): entries whose
/// key is gone, or was reused with another deadline, are skipped when they
/// surface, and the heap is rebuilt from the live calls when stale entries
/// outnumber them, so memory stays proportional to the open calls.
///
/// A pure value: no clock, no timer, no lock. The owner keeps it confined
/// (an event loop, a mutex) and arms its timer for `earliest`.
///
/// Inlinable, so the connections in other modules get it specialized: used
/// generically, its metadata lookups were 2% of the daemon's CPU.
public struct DeadlineQueue<Key: Hashable, Value, Instant: Comparable> {
    @usableFromInline
    struct Entry {
        @usableFromInline var deadline: Instant
        @usableFromInline var key: Key

        @inlinable
        init(deadline: Instant, key: Key) {
            self.deadline = deadline
            self.key = key
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var live: [Key: (deadline: Instant, value: Value)] = [:]

    @inlinable
    public init() {}

    /// Open calls with a deadline.
    @inlinable public var count: Int { live.count }
    @inlinable public var isEmpty: Bool { live.isEmpty }
    /// Heap entries, stale ones included (for tests of the compaction).
    var storedEntries: Int { heap.count }

    /// Adds (or replaces) `key`'s deadline. A timer armed later than the
    /// new `earliest` must then be re-armed.
    @inlinable
    public mutating func insert(_ key: Key, deadline: Instant, value: Value) {
        live[key] = (deadline, value)
        push(Entry(deadline: deadline, key: key))
        compactIfMostlyStale()
    }

    /// The call ended before its deadline. Returns its value, if it had a deadline.
    @inlinable @discardableResult
    public mutating func remove(_ key: Key) -> Value? {
        live.removeValue(forKey: key)?.value
    }

    /// The earliest live deadline; drops stale entries on the way.
    @inlinable
    public var earliest: Instant? {
        mutating get {
            dropStaleTop()
            return heap.first?.deadline
        }
    }

    /// Removes and returns every call whose deadline is at or before `now`, earliest first.
    @inlinable
    public mutating func popDue(now: Instant) -> [(key: Key, value: Value)] {
        var due: [(key: Key, value: Value)] = []
        while let top = heap.first, top.deadline <= now {
            popTop()
            if let entry = live[top.key], entry.deadline == top.deadline {
                live.removeValue(forKey: top.key)
                due.append((top.key, entry.value))
            }
        }
        return due
    }

    /// Forgets every call (the connection closed).
    @inlinable
    public mutating func removeAll() {
        live.removeAll()
        heap.removeAll()
    }

    // MARK: Heap

    @inlinable
    func isStale(_ entry: Entry) -> Bool {
        live[entry.key]?.deadline != entry.deadline
    }

    @inlinable
    mutating func dropStaleTop() {
        while let top = heap.first, isStale(top) { popTop() }
    }

    @inlinable
    mutating func compactIfMostlyStale() {
        guard heap.count > 64, heap.count > 2 * live.count else { return }
        heap = live.map { Entry(deadline: $0.value.deadline, key: $0.key) }
        // Floyd's heap construction: sift down from the last parent.
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    @inlinable
    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @inlinable
    mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let smaller = right < heap.count && heap[right].deadline < heap[left].deadline ? right : left
            guard heap[smaller].deadline < heap[parent].deadline else { return }
            heap.swapAt(parent, smaller)
            parent = smaller
        }
    }
}

extension DeadlineQueue: Sendable where Key: Sendable, Value: Sendable, Instant: Sendable {}
extension DeadlineQueue.Entry: Sendable where Key: Sendable, Instant: Sendable {}
