/// A neighbourhood move on a sequencing.
enum Move: Sendable, Hashable {
    /// Move the operation at `from` to index `to` in the same unit sequence.
    case shift(unit: Int32, from: Int32, to: Int32)
    /// Move an operation to another unit, at index `to` there.
    case reassign(op: Int32, fromUnit: Int32, from: Int32, toUnit: Int32, to: Int32)
}

extension Sequencing {
    mutating func apply(_ m: Move) {
        switch m {
        case .shift(let u, let f, let t):
            let x = seqs[Int(u)].remove(at: Int(f))
            seqs[Int(u)].insert(x, at: Int(t))
        case .reassign(let op, let fu, let f, let tu, let t):
            seqs[Int(fu)].remove(at: Int(f))
            seqs[Int(tu)].insert(op, at: Int(t))
            unitOf[Int(op)] = tu
        }
    }

    mutating func undo(_ m: Move) {
        switch m {
        case .shift(let u, let f, let t):
            let x = seqs[Int(u)].remove(at: Int(t))
            seqs[Int(u)].insert(x, at: Int(f))
        case .reassign(let op, let fu, let f, let tu, let t):
            seqs[Int(tu)].remove(at: Int(t))
            seqs[Int(fu)].insert(op, at: Int(f))
            unitOf[Int(op)] = fu
        }
    }
}
