public import SwiftProtobuf

/// The ACTIVE reservations that have an expiry, earliest first: an indexed
/// binary min-heap on (expiry, id). The sweep asks "is anything due?" in
/// O(1) and collects what is due without scanning every reservation;
/// inserting, moving and removing one is O(log n).
///
/// Equality is by content (which reservation expires when), not by the
/// heap's layout, which depends on the order things were inserted in: a
/// state restored from a snapshot equals the one it was taken from.
public struct ExpiryIndex: Sendable {
    private struct Entry: Sendable {
        var seconds: Int64
        var nanos: Int32
        var id: String

        func precedes(_ other: Entry) -> Bool {
            (seconds, nanos, id) < (other.seconds, other.nanos, other.id)
        }
    }

    private var heap: [Entry] = []
    /// id -> its index in `heap`.
    private var positions: [String: Int] = [:]

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    public func contains(_ id: String) -> Bool { positions[id] != nil }
    /// Every id, in no particular order.
    public var ids: Dictionary<String, Int>.Keys { positions.keys }

    /// Whether the earliest expiry is at or before `now`.
    public func hasDue(at now: Google_Protobuf_Timestamp) -> Bool {
        guard let first = heap.first else { return false }
        return (first.seconds, first.nanos) <= (now.seconds, now.nanos)
    }

    /// The ids whose expiry is at or before `now`, earliest first (ties by id).
    public func due(at now: Google_Protobuf_Timestamp) -> [String] {
        var found: [Entry] = []
        var stack = heap.isEmpty ? [] : [0]
        while let index = stack.popLast() {
            let entry = heap[index]
            guard (entry.seconds, entry.nanos) <= (now.seconds, now.nanos) else { continue }
            found.append(entry)
            for child in [2 * index + 1, 2 * index + 2] where child < heap.count { stack.append(child) }
        }
        return found.sorted { $0.precedes($1) }.map(\.id)
    }

    /// Adds `id` expiring at `at`, or moves it there.
    public mutating func set(_ id: String, at: Google_Protobuf_Timestamp) {
        remove(id)
        heap.append(Entry(seconds: at.seconds, nanos: at.nanos, id: id))
        positions[id] = heap.count - 1
        siftUp(heap.count - 1)
    }

    public mutating func remove(_ id: String) {
        guard let index = positions.removeValue(forKey: id) else { return }
        let last = heap.count - 1
        if index != last {
            heap.swapAt(index, last)
            positions[heap[index].id] = index
        }
        heap.removeLast()
        if index < heap.count {
            siftUp(index)
            siftDown(index)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard heap[index].precedes(heap[parent]) else { return }
            swapEntries(index, parent)
            index = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var index = start
        while true {
            var smallest = index
            for child in [2 * index + 1, 2 * index + 2] where child < heap.count && heap[child].precedes(heap[smallest]) {
                smallest = child
            }
            guard smallest != index else { return }
            swapEntries(index, smallest)
            index = smallest
        }
    }

    private mutating func swapEntries(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        positions[heap[a].id] = a
        positions[heap[b].id] = b
    }
}

extension ExpiryIndex: Equatable {
    public static func == (lhs: ExpiryIndex, rhs: ExpiryIndex) -> Bool {
        guard lhs.heap.count == rhs.heap.count else { return false }
        for entry in lhs.heap {
            guard let index = rhs.positions[entry.id] else { return false }
            let other = rhs.heap[index]
            if other.seconds != entry.seconds || other.nanos != entry.nanos { return false }
        }
        return true
    }
}
