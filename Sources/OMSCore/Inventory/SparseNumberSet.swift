/// A set of reservation numbers that holds only the 64-number words with a
/// member: sorted word positions beside their bits. Where
/// `ReservationNumberSet` spends a bit on every number ever made, this
/// spends 16 bytes per word in use, so a plant can keep one for every item
/// and owner bucket (`ReservationPostings`) whatever its size.
///
/// Numbers are made in ascending order, so an insert is nearly always an
/// append. A removal clears a bit; words left empty are dropped once they
/// are half of the words kept. Equality is by members.
public struct SparseNumberSet: Sendable, Equatable {
    /// number / 64 of each word, ascending.
    private var positions: [UInt64] = []
    private var words: [UInt64] = []
    private var emptyWords = 0
    public private(set) var count = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public mutating func insert(_ number: UInt64) {
        let (position, bit) = (number / 64, UInt64(1) << (number % 64))
        let index: Int
        if positions.last == position {
            // The usual case: the newest word.
            index = positions.count - 1
        } else if let last = positions.last, last > position {
            index = lowerBound(position)
            if positions[index] != position {
                positions.insert(position, at: index)
                words.insert(0, at: index)
                emptyWords += 1
            }
        } else {
            positions.append(position)
            words.append(0)
            emptyWords += 1
            index = positions.count - 1
        }
        guard words[index] & bit == 0 else { return }
        if words[index] == 0 { emptyWords -= 1 }
        words[index] |= bit
        count += 1
    }

    public mutating func remove(_ number: UInt64) {
        let (position, bit) = (number / 64, UInt64(1) << (number % 64))
        let index = lowerBound(position)
        guard index < positions.count, positions[index] == position, words[index] & bit != 0 else { return }
        words[index] &= ~bit
        count -= 1
        if words[index] == 0 { emptyWords += 1 }
        if emptyWords > 16 && emptyWords * 2 > words.count { dropEmptyWords() }
    }

    public func contains(_ number: UInt64) -> Bool {
        let index = lowerBound(number / 64)
        return index < positions.count && positions[index] == number / 64 && words[index] & (1 << (number % 64)) != 0
    }

    /// The members greater than `after`, ascending.
    public func members(after: UInt64) -> Members {
        guard after < .max else { return Members(set: self, index: positions.count, bits: 0) }
        let from = after + 1
        let index = lowerBound(from / 64)
        guard index < positions.count else { return Members(set: self, index: index, bits: 0) }
        // Bits below `from` in its word are behind the walk.
        let bits = positions[index] == from / 64 ? words[index] & (~0 << (from % 64)) : words[index]
        return Members(set: self, index: index, bits: bits)
    }

    public struct Members: Sequence, IteratorProtocol {
        fileprivate let set: SparseNumberSet
        fileprivate var index: Int
        /// What is left of the word at `index`.
        fileprivate var bits: UInt64

        public mutating func next() -> UInt64? {
            while bits == 0 {
                index += 1
                guard index < set.words.count else { return nil }
                bits = set.words[index]
            }
            let number = set.positions[index] * 64 + UInt64(bits.trailingZeroBitCount)
            bits &= bits - 1
            return number
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.members(after: 0).elementsEqual(rhs.members(after: 0))
            && lhs.contains(0) == rhs.contains(0)
    }

    /// The first index whose position is not below `position`.
    private func lowerBound(_ position: UInt64) -> Int {
        var (low, high) = (0, positions.count)
        while low < high {
            let middle = (low + high) / 2
            if positions[middle] < position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func dropEmptyWords() {
        let kept = words.indices.filter { words[$0] != 0 }
        positions = kept.map { positions[$0] }
        words = kept.map { words[$0] }
        emptyWords = 0
    }
}

extension SparseNumberSet: CustomStringConvertible {
    public var description: String {
        let first = members(after: 0).prefix(20).map(String.init).joined(separator: ", ")
        return "SparseNumberSet(\(count): \(first)\(count > 20 ? ", ..." : ""))"
    }
}
