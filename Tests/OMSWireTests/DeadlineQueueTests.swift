import Testing

@testable import OMSWire

@Suite("Deadline queue")
struct DeadlineQueueTests {
    typealias Queue = DeadlineQueue<Int, String, Int>

    @Test func dueCallsComeOutEarliestFirstAndOnlyOnce() {
        var queue = Queue()
        queue.insert(1, deadline: 30, value: "a")
        queue.insert(2, deadline: 10, value: "b")
        queue.insert(3, deadline: 20, value: "c")
        #expect(queue.earliest == 10)
        #expect(queue.popDue(now: 5).isEmpty)
        #expect(queue.popDue(now: 20).map(\.key) == [2, 3])
        #expect(queue.popDue(now: 20).isEmpty)
        #expect(queue.earliest == 30)
        #expect(queue.count == 1)
    }

    @Test func endedAndReplacedCallsAreNotDue() {
        var queue = Queue()
        queue.insert(1, deadline: 10, value: "a")
        queue.insert(2, deadline: 20, value: "b")
        #expect(queue.remove(1) == "a")
        #expect(queue.earliest == 20)
        // Key 2 reused with a later deadline: its old entry is stale.
        queue.insert(2, deadline: 50, value: "b2")
        #expect(queue.popDue(now: 40).isEmpty)
        #expect(queue.popDue(now: 50).map(\.value) == ["b2"])
        #expect(queue.isEmpty && queue.earliest == nil)
    }

    /// Random inserts, removals and pops against a plain dictionary; the heap
    /// must also stay small when most calls end before their deadline.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func matchesADictionaryModel(seed: UInt64) {
        var random = SplitMix(seed: seed)
        var queue = Queue()
        var model: [Int: (deadline: Int, value: String)] = [:]
        var now = 0
        for step in 0..<20_000 {
            switch random.next() % 10 {
            case 0...4:
                let key = Int(random.next() % 200)
                let deadline = now + Int(random.next() % 1_000)
                queue.insert(key, deadline: deadline, value: "\(step)")
                model[key] = (deadline, "\(step)")
                #expect(queue.storedEntries <= max(64, 2 * model.count))
            case 5...7:
                let key = Int(random.next() % 200)
                #expect(queue.remove(key) == model.removeValue(forKey: key)?.value)
            default:
                now += Int(random.next() % 300)
                let due = queue.popDue(now: now)
                let expected = model.filter { $0.value.deadline <= now }
                #expect(Set(due.map(\.key)) == Set(expected.keys))
                let deadlines = due.map { model[$0.key]?.deadline ?? -1 }
                #expect(deadlines == deadlines.sorted())
                for key in expected.keys { model.removeValue(forKey: key) }
            }
            #expect(queue.count == model.count)
            #expect(queue.earliest == model.values.map(\.deadline).min())
        }
    }
}

/// A small deterministic generator (SplitMix64), so failures replay.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
