import SwiftProtobuf

/// What a plant keeps for `InventoryState.keyRetention` and then forgets, in
/// the order it began to count: idempotency keys from their first use, and
/// closed reservations from their closing. Retention drops entries from the
/// front. Equality is by content (which entry, of which kind, since when),
/// not by the order of entries of the same instant, which a snapshot does
/// not keep.
public struct KeyAges: Sendable {
    enum Kind: Int, Sendable, Comparable {
        /// A Reserve idempotency key (`idempotentReserves`).
        case reserveKey
        /// Another keyed command's idempotency key (`completedCommands`).
        case commandKey
        /// A released, consumed or expired reservation (`reservations`).
        case closedReservation

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Entry: Sendable, Equatable {
        var at: Google_Protobuf_Timestamp
        var key: String
        var kind: Kind
    }

    private var entries: [Entry] = []
    /// Entries before it are gone.
    private var head = 0

    public init() {}

    public var count: Int { entries.count - head }

    mutating func append(_ key: String, at: Google_Protobuf_Timestamp, kind: Kind) {
        entries.append(Entry(at: at, key: key, kind: kind))
    }

    /// Removes and returns the entries that began to count before `cutoff`, oldest first.
    mutating func removeUsed(before cutoff: Google_Protobuf_Timestamp) -> [Entry] {
        var removed: [Entry] = []
        while head < entries.count, OrderText.precedes(entries[head].at, cutoff) {
            removed.append(entries[head])
            head += 1
        }
        // Keep the array from growing without bound: drop the consumed front now and then.
        if head > 1_024 && head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return removed
    }

    /// Rebuilt from a snapshot: oldest first, same instants by key.
    init(_ unordered: [Entry]) {
        entries = Self.contentSorted(unordered)
    }

    /// Oldest first, same instants by key, then kind. Sorts positions by
    /// their instants, not the entries: moving an entry copies two
    /// references, and a restored snapshot sorts a million of them.
    private static func contentSorted(_ unordered: [Entry]) -> [Entry] {
        let instants = unordered.map { (seconds: $0.at.seconds, nanos: $0.at.nanos) }
        let order = unordered.indices.sorted { i, j in
            if instants[i] != instants[j] { return instants[i] < instants[j] }
            if unordered[i].key != unordered[j].key { return unordered[i].key < unordered[j].key }
            return unordered[i].kind < unordered[j].kind
        }
        return order.map { unordered[$0] }
    }
}

extension KeyAges: Equatable {
    public static func == (lhs: KeyAges, rhs: KeyAges) -> Bool {
        func sorted(_ ages: KeyAges) -> [Entry] { contentSorted(Array(ages.entries[ages.head...])) }
        return lhs.count == rhs.count && sorted(lhs) == sorted(rhs)
    }
}
