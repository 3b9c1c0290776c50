/// A set of reservation numbers (the n of "<plant>-R<n>"), one bit each.
///
/// A plant numbers its reservations 1, 2, 3, ... so a bit per number ever
/// made is small (125 KB for a million) and walking the set in order from
/// any number costs the members walked plus a word per 64 numbers skipped.
/// `ListReservations` uses it for the ACTIVE ones: a page then costs about
/// the page, not a scan of every reservation the plant holds.
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
        Members(words: words, from: after == .max ? nil : after + 1)
    }

    public struct Members: Sequence, IteratorProtocol {
        fileprivate let words: [UInt64]
        /// The smallest number not yet looked at; nil when past the end.
        fileprivate var from: UInt64?

        public mutating func next() -> UInt64? {
            guard var candidate = from else { return nil }
            var (word, _) = ReservationNumberSet.position(candidate)
            // Bits below `candidate` in its word are behind us.
            var bits = word < words.count ? words[word] & (~0 << (candidate % 64)) : 0
            while bits == 0 {
                word += 1
                guard word < words.count else {
                    from = nil
                    return nil
                }
                bits = words[word]
            }
            candidate = UInt64(word) * 64 + UInt64(bits.trailingZeroBitCount)
            from = candidate == .max ? nil : candidate + 1
            return candidate
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
