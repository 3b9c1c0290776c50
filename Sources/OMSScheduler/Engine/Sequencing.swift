/// A solution in the engine's terms: which unit runs each operation and in
/// which order each unit runs its (non-frozen) operations. Times follow from
/// it by decoding.
struct Sequencing: Sendable, Hashable {
    /// Unit of every operation (frozen ones: their frozen unit).
    var unitOf: [Int32]
    /// Non-frozen operations per unit, in processing order.
    var seqs: [[Int32]]

    /// Rebuilds a sequencing from given units and start times (ties by index).
    init(problem p: Problem, unitOf: [Int32], start: [Int]) {
        self.unitOf = unitOf
        var s = [[Int32]](repeating: [], count: p.unitCount)
        for o in 0..<p.opCount where !p.isFrozen(o) { s[Int(unitOf[o])].append(Int32(o)) }
        for u in 0..<s.count { s[u].sort { (start[Int($0)], $0) < (start[Int($1)], $1) } }
        seqs = s
    }

    init(unitOf: [Int32], seqs: [[Int32]]) {
        self.unitOf = unitOf
        self.seqs = seqs
    }
}
