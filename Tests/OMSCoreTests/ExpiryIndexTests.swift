import OMSCore
import SwiftProtobuf
import Testing

/// The expiry index against a plain dictionary: after random inserts, moves
/// and removals, what is due (and its order), whether anything is due, and
/// equality with an index built in another order all agree.
@Suite struct ExpiryIndexTests {
    static func time(_ seconds: Int64, _ nanos: Int32 = 0) -> Google_Protobuf_Timestamp {
        var time = Google_Protobuf_Timestamp()
        time.seconds = seconds
        time.nanos = nanos
        return time
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func agreesWithADictionary(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        var index = ExpiryIndex()
        var reference: [String: (Int64, Int32)] = [:]
        for step in 0..<3_000 {
            let id = "P1-R\(Int.random(in: 1...300, using: &generator))"
            if Int.random(in: 0..<3, using: &generator) == 0 {
                index.remove(id)
                reference[id] = nil
            } else {
                let at = (Int64.random(in: 0...50, using: &generator), Int32.random(in: 0...2, using: &generator))
                index.set(id, at: Self.time(at.0, at.1))
                reference[id] = at
            }
            let now = (Int64.random(in: 0...50, using: &generator), Int32(1))
            let expected = reference.filter { $0.value <= now }
                .sorted { ($0.value.0, $0.value.1, $0.key) < ($1.value.0, $1.value.1, $1.key) }.map(\.key)
            #expect(index.due(at: Self.time(now.0, now.1)) == expected, "step \(step)")
            #expect(index.hasDue(at: Self.time(now.0, now.1)) == !expected.isEmpty, "step \(step)")
            #expect(index.count == reference.count && Set(index.ids) == Set(reference.keys))
        }
        var rebuilt = ExpiryIndex()
        for (id, at) in reference.sorted(by: { $0.key > $1.key }) { rebuilt.set(id, at: Self.time(at.0, at.1)) }
        #expect(rebuilt == index, "equal by content whatever the insertion order")
        if let (id, at) = reference.first {
            rebuilt.set(id, at: Self.time(at.0 + 1, at.1))
            #expect(rebuilt != index, "another expiry is another index")
        }
    }
}
