/// A sorted sequence of keys kept in chunks of at most `chunkCapacity`, so
/// an insertion or removal moves at most one chunk's keys (a sorted array
/// would move half the book's). Equality is of the sequences; how they are
/// chunked depends on their history and does not count.
struct SortedKeyChunks: Sendable, Equatable {
    static let chunkCapacity = 512

    /// A key's place: chunk, then index within it.
    struct Position: Sendable {
        var chunk: Int
        var index: Int
    }

    private var chunks: [[OrderListKey]] = []
    private(set) var count = 0

    init() {}

    init(sorted keys: [OrderListKey]) {
        let half = Self.chunkCapacity / 2
        chunks = stride(from: 0, to: keys.count, by: half).map { Array(keys[$0..<min($0 + half, keys.count)]) }
        count = keys.count
    }

    var startPosition: Position { Position(chunk: 0, index: 0) }

    /// The key at `position`; nil at the end.
    subscript(position: Position) -> OrderListKey? {
        position.chunk < chunks.count && position.index < chunks[position.chunk].count
            ? chunks[position.chunk][position.index] : nil
    }

    func position(after position: Position) -> Position {
        position.index + 1 < chunks[position.chunk].count
            ? Position(chunk: position.chunk, index: position.index + 1)
            : Position(chunk: position.chunk + 1, index: 0)
    }

    /// The first key >= `key` (inclusive) or > `key`; the end when none.
    func position(of key: OrderListKey, inclusive: Bool) -> Position {
        func before(_ element: OrderListKey) -> Bool { inclusive ? element < key : element <= key }
        // The first chunk whose last key is not before `key`.
        var low = 0
        var high = chunks.count
        while low < high {
            let middle = (low + high) / 2
            if let last = chunks[middle].last, before(last) { low = middle + 1 } else { high = middle }
        }
        guard low < chunks.count else { return Position(chunk: chunks.count, index: 0) }
        let chunk = chunks[low]
        var first = 0
        var end = chunk.count
        while first < end {
            let middle = (first + end) / 2
            if before(chunk[middle]) { first = middle + 1 } else { end = middle }
        }
        return Position(chunk: low, index: first)
    }

    mutating func insert(_ key: OrderListKey) {
        count += 1
        guard !chunks.isEmpty else {
            chunks = [[key]]
            return
        }
        var position = position(of: key, inclusive: true)
        if position.chunk == chunks.count {
            // After every key: the end of the last chunk.
            position = Position(chunk: chunks.count - 1, index: chunks[chunks.count - 1].count)
        }
        chunks[position.chunk].insert(key, at: position.index)
        if chunks[position.chunk].count > Self.chunkCapacity {
            let upper = Array(chunks[position.chunk][(Self.chunkCapacity / 2)...])
            chunks[position.chunk].removeSubrange((Self.chunkCapacity / 2)...)
            chunks.insert(upper, at: position.chunk + 1)
        }
    }

    mutating func remove(_ key: OrderListKey) {
        let position = position(of: key, inclusive: true)
        guard self[position] == key else { return }
        count -= 1
        chunks[position.chunk].remove(at: position.index)
        if chunks[position.chunk].isEmpty { chunks.remove(at: position.chunk) }
    }

    static func == (lhs: SortedKeyChunks, rhs: SortedKeyChunks) -> Bool {
        lhs.count == rhs.count && lhs.chunks.joined().elementsEqual(rhs.chunks.joined())
    }
}
