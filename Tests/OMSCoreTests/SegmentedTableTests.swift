import OMSCore
import Testing

/// The segmented table behaves as one dictionary: same lookups, count,
/// contents and equality, through inserts, overwrites, removals, capacity
/// changes and shrinking.
@Suite struct SegmentedTableTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func agreesWithADictionary(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        var table = SegmentedTable<String, Int>()
        var reference: [String: Int] = [:]
        for step in 0..<20_000 {
            let key = "P1-R\(Int.random(in: 1...5_000, using: &generator))"
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                table[key] = nil
                reference[key] = nil
            default:
                table[key] = step
                reference[key] = step
            }
            if step.isMultiple(of: 97) {
                let probe = "P1-R\(Int.random(in: 1...5_000, using: &generator))"
                #expect(table[probe] == reference[probe], "step \(step)")
                #expect(table.count == reference.count && table.isEmpty == reference.isEmpty, "step \(step)")
            }
        }
        #expect(Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value) }) == reference)
        #expect(Set(table.keys) == Set(reference.keys))
        #expect(table.values.sorted() == reference.values.sorted())

        var rebuilt = SegmentedTable<String, Int>()
        rebuilt.reserveCapacity(100_000)
        #expect(rebuilt.capacity >= 100_000)
        for (key, value) in reference.sorted(by: { $0.key > $1.key }) { rebuilt[key] = value }
        #expect(rebuilt == table, "equal by content whatever the insertion order and capacity")
        rebuilt.releaseUnusedCapacity()
        #expect(rebuilt.capacity < 100_000 && rebuilt.capacity >= reference.count)
        #expect(rebuilt == table)
        if let (key, value) = reference.first {
            rebuilt[key] = value + 1
            #expect(rebuilt != table, "another value is another table")
        }
    }

    /// Growing to 300,000 entries takes many small growths, never one
    /// rehash of the whole table: no single insert grows capacity by more
    /// than a few percent.
    @Test func growsOneSegmentAtATime() {
        var table = SegmentedTable<String, Int>()
        var capacity = table.capacity
        var largestGrowth = 0
        for index in 0..<300_000 {
            table["P1-R\(index)"] = index
            let now = table.capacity
            if now != capacity {
                if index > 30_000 { largestGrowth = max(largestGrowth, now - capacity) }
                capacity = now
            }
        }
        #expect(table.count == 300_000)
        #expect(largestGrowth > 0 && largestGrowth <= capacity / 32, "largest growth \(largestGrowth) of \(capacity)")
    }
}
