/// A table kept as 64 dictionaries, chosen by the key's hash.
///
/// A Swift dictionary grows by rehashing every entry into new storage at
/// once, and a plant's reservation table holds millions of entries: each
/// doubling stalled the plant's single writer (and its committed-state copy)
/// for the whole move. In 20 s reserve-stock runs the slowest reply was
/// 134-292 ms, and about 50 ms with the tables sized in advance. Here one
/// growth moves a 64th of the table.
///
/// Which segment holds a key depends on the process's hash seed, so the
/// layout is never persisted; two tables with the same entries in one process
/// are laid out the same, which is what `==` compares.
public struct SegmentedTable<Key: Hashable & Sendable, Value: Sendable & Equatable>: Sendable, Equatable, Sequence {
    public typealias Element = (key: Key, value: Value)

    private static var segmentCount: Int { 64 }
    private var segments: [[Key: Value]]
    public private(set) var count = 0

    public init() {
        segments = Array(repeating: [:], count: Self.segmentCount)
    }

    private static func segment(of key: Key) -> Int {
        key.hashValue & (segmentCount - 1)
    }

    public subscript(key: Key) -> Value? {
        get { segments[Self.segment(of: key)][key] }
        set {
            let index = Self.segment(of: key)
            if let newValue {
                if segments[index].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else if segments[index].removeValue(forKey: key) != nil {
                count -= 1
            }
        }
    }

    /// Reads part of the value at `key` in place: the subscript's getter
    /// copies the whole value (and retains everything it holds) first.
    public func read<Part>(_ key: Key, _ part: (borrowing Value) -> Part) -> Part? {
        let segment = segments[Self.segment(of: key)]
        guard let index = segment.index(forKey: key) else { return nil }
        return part(segment.values[index])
    }

    public var isEmpty: Bool { count == 0 }

    public var keys: LazyMapSequence<SegmentedTable, Key> { lazy.map(\.key) }
    public var values: LazyMapSequence<SegmentedTable, Value> { lazy.map(\.value) }

    public func makeIterator() -> FlattenSequence<[[Key: Value]]>.Iterator {
        segments.joined().makeIterator()
    }

    public var underestimatedCount: Int { count }

    /// Entries the table holds without growing.
    public var capacity: Int { segments.reduce(0) { $0 + $1.capacity } }

    /// Room for `minimumCapacity` entries in all, spread over the segments
    /// with a margin for the hash's unevenness.
    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        let perSegment = minimumCapacity / Self.segmentCount
        let withMargin = perSegment + perSegment / 8 + 16
        for index in segments.indices { segments[index].reserveCapacity(withMargin) }
    }

    /// Rebuilds, at the size they hold, the segments holding less than half
    /// of their capacity (after `reserveCapacity` for more than came).
    public mutating func releaseUnusedCapacity() {
        for index in segments.indices where segments[index].capacity > 2 * segments[index].count + 64 {
            segments[index] = Dictionary(uniqueKeysWithValues: segments[index].lazy.map { ($0.key, $0.value) })
        }
    }
}
