import SwiftProtobuf

/// The idempotency keys a plant holds, in the order they were first used:
/// retention drops them from the front (`InventoryState.keyRetention`).
/// Equality is by content (which key, of which kind, since when), not by the
/// order of keys first used at the same instant, which a snapshot does not keep.
public struct KeyAges: Sendable {
    struct Entry: Sendable, Equatable {
        var at: Google_Protobuf_Timestamp
        var key: String
        /// A Reserve key (`idempotentReserves`); otherwise a completed command's.
        var reserve: Bool
    }

    private var entries: [Entry] = []
    /// Entries before it are gone.
    private var head = 0

    public init() {}

    public var count: Int { entries.count - head }

    mutating func append(_ key: String, at: Google_Protobuf_Timestamp, reserve: Bool) {
        entries.append(Entry(at: at, key: key, reserve: reserve))
    }

    /// Removes and returns the keys first used before `cutoff`, oldest first.
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

    /// Rebuilt from a snapshot's keys: oldest first, same instants by key.
    init(_ unordered: [Entry]) {
        entries = unordered.sorted { ($0.at.seconds, $0.at.nanos, $0.key) < ($1.at.seconds, $1.at.nanos, $1.key) }
    }
}

extension KeyAges: Equatable {
    public static func == (lhs: KeyAges, rhs: KeyAges) -> Bool {
        func sorted(_ ages: KeyAges) -> [Entry] {
            ages.entries[ages.head...].sorted {
                ($0.at.seconds, $0.at.nanos, $0.key, $0.reserve ? 1 : 0) < ($1.at.seconds, $1.at.nanos, $1.key, $1.reserve ? 1 : 0)
            }
        }
        return lhs.count == rhs.count && sorted(lhs) == sorted(rhs)
    }
}
