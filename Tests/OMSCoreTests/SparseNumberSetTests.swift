import OMSCore
import Testing

/// The sets ReservationPostings keeps per item and owner bucket, against a
/// plain `Set` under the same random inserts and removals: mostly ascending
/// inserts (as numbers are made), some out of order (as a restore posts
/// them), removals that empty whole words, and walks from any number.
@Suite struct SparseNumberSetTests {
    @Test(arguments: [UInt64(1), 7, 99])
    func behavesAsASetOfNumbers(seed: UInt64) {
        var rng = SeededGenerator(state: seed)
        var set = SparseNumberSet()
        var model = Set<UInt64>()
        var next: UInt64 = 1
        for step in 0..<6_000 {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5:
                next += UInt64.random(in: 1...90, using: &rng)
                set.insert(next)
                model.insert(next)
            case 5:
                let number = UInt64.random(in: 1...next, using: &rng)
                set.insert(number)
                model.insert(number)
            default:
                // Removes mostly from the older end, as retention does, emptying words.
                let number = UInt64.random(in: 1...max(1, next / 2), using: &rng)
                set.remove(number)
                model.remove(number)
            }
            #expect(set.count == model.count, "step \(step)")
            if step % 250 == 0 {
                let sorted = model.sorted()
                for after in [0, UInt64.random(in: 0...next, using: &rng), next, .max] {
                    #expect(Array(set.members(after: after)) == sorted.filter { $0 > after }, "step \(step), after \(after)")
                }
                let probe = UInt64.random(in: 0...next + 64, using: &rng)
                #expect(set.contains(probe) == model.contains(probe))
                // Built in order from the members alone: equal, whatever empty words the other holds.
                let rebuilt = sorted.reduce(into: SparseNumberSet()) { $0.insert($1) }
                #expect(rebuilt == set)
            }
        }
        var other = set
        other.insert(next + 1)
        #expect(other != set)
    }

    @Test func walksAcrossWordBoundaries() {
        let members: [UInt64] = [1, 63, 64, 127, 128, 4_096, 1 << 40]
        var set = SparseNumberSet()
        for number in members.reversed() { set.insert(number) }
        set.insert(64)  // twice: still one member
        #expect(set.count == members.count)
        for after in [0, 1, 62, 63, 64, 127, 128, 4_095, 4_096, 1 << 40, .max] as [UInt64] {
            #expect(Array(set.members(after: after)) == members.filter { $0 > after }, "after \(after)")
        }
        set.remove(7)  // never a member
        set.remove(1 << 40)
        #expect(set.count == members.count - 1 && !set.contains(1 << 40) && set.contains(4_096))
    }
}
