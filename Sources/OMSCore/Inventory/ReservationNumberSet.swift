/// A set of reservation numbers (the n of "<plant>-R<n>"), one bit each.
///
/// A plant numbers its reservations 1, 2, 3, ... so a bit per number ever
/// made is small (125 KB for a million) and walking the set in order from
/// any number costs the members walked plus a word per 64 numbers skipped.
/// A plant keeps one per reservation state (`ReservationStateIndex`), and
/// `ListReservations` walks the union of the states asked for: a page then
/// costs about the page, not a scan of every reservation the plant holds.
///
/// Equality is by members, not by how far the words reach.
public struct ReservationNumberSet: Sendable, Equatable {
    private var words: [UInt64] = []
    public private(set) var count = 0

    public init() {}

    public mutating func insert(_ number: UInt64) {
        let (word, bit) = Self.position(number)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    public mutating func remove(_ number: UInt64) {
        let (word, bit) = Self.position(number)
        guard word < words.count, words[word] & bit != 0 else { return }
        words[word] &= ~bit
        count -= 1
    }

    public func contains(_ number: UInt64) -> Bool {
        let (word, bit) = Self.position(number)
        return word < words.count && words[word] & bit != 0
    }

    /// The members greater than `after`, ascending.
    public func members(after: UInt64) -> Members {
        Self.members(of: [self], after: after)
    }

    /// The members of any of `sets` greater than `after`, ascending.
    public static func members(of sets: [ReservationNumberSet], after: UInt64) -> Members {
        Members(words: sets.map(\.words), from: after == .max ? nil : after + 1)
    }

    public struct Members: Sequence, IteratorProtocol {
        fileprivate let words: [[UInt64]]
        /// The smallest number not yet looked at; nil when past the end.
        fileprivate var from: UInt64?

        public mutating func next() -> UInt64? {
            guard var candidate = from else { return nil }
            let end = words.reduce(0) { Swift.max($0, $1.count) }
            var (word, _) = ReservationNumberSet.position(candidate)
            // Bits below `candidate` in its word are behind us.
            var bits = union(word) & (~0 << (candidate % 64))
            while bits == 0 {
                word += 1
                guard word < end else {
                    from = nil
                    return nil
                }
                bits = union(word)
            }
            candidate = UInt64(word) * 64 + UInt64(bits.trailingZeroBitCount)
            from = candidate == .max ? nil : candidate + 1
            return candidate
        }

        private func union(_ word: Int) -> UInt64 {
            words.reduce(0) { $0 | (word < $1.count ? $1[word] : 0) }
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let shared = min(lhs.words.count, rhs.words.count)
        return lhs.words[..<shared] == rhs.words[..<shared]
            && lhs.words[shared...].allSatisfy { $0 == 0 } && rhs.words[shared...].allSatisfy { $0 == 0 }
    }

    private static func position(_ number: UInt64) -> (word: Int, bit: UInt64) {
        (Int(number / 64), 1 << (number % 64))
    }
}
