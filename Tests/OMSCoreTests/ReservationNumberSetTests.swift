import OMSCore
import Testing

/// The bit set ListReservations walks: members in order from any number,
/// across word boundaries, and equality by members only.
@Suite struct ReservationNumberSetTests {
    @Test func walksMembersInOrderFromAnyNumber() {
        let members: [UInt64] = [1, 2, 63, 64, 65, 127, 128, 200, 1_000]
        var set = ReservationNumberSet()
        for number in members.reversed() { set.insert(number) }
        set.insert(64)  // twice: still one member
        #expect(set.count == members.count)
        for after in [0, 1, 62, 63, 64, 126, 127, 128, 999, 1_000, 5_000, .max] as [UInt64] {
            #expect(Array(set.members(after: after)) == members.filter { $0 > after }, "after \(after)")
        }
        set.remove(64)
        set.remove(64)
        set.remove(7)  // never a member
        #expect(set.count == members.count - 1)
        #expect(!set.contains(64) && set.contains(65))
        #expect(Array(set.members(after: 63)) == [65, 127, 128, 200, 1_000])
    }

    @Test func equalityIgnoresHowFarTheWordsReach() {
        var grown = ReservationNumberSet()
        grown.insert(3)
        grown.insert(900)
        grown.remove(900)
        var small = ReservationNumberSet()
        small.insert(3)
        #expect(grown == small)
        small.insert(4)
        #expect(grown != small)
    }
}
