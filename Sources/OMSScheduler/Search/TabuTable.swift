/// Tabu attributes: "operation a before operation b on the same unit" arcs,
/// and "operation on unit" assignments, each with an expiry iteration.
struct TabuTable: Sendable {
    private let n: Int
    private var flat: [Int32]
    private var arcs: [Int: Int] = [:]
    private var units: [Int: Int] = [:]
    private let unitCount: Int

    init(operations n: Int, units: Int) {
        self.n = n
        unitCount = units
        flat = n <= 1024 ? [Int32](repeating: 0, count: n * n) : []
    }

    @inline(__always) func isTabu(arc a: Int32, _ b: Int32, at it: Int) -> Bool {
        let key = Int(a) * n + Int(b)
        if !flat.isEmpty { return Int(flat[key]) > it }
        return (arcs[key] ?? 0) > it
    }

    @inline(__always) mutating func forbid(arc a: Int32, _ b: Int32, until it: Int) {
        let key = Int(a) * n + Int(b)
        if !flat.isEmpty {
            flat[key] = Int32(truncatingIfNeeded: it)
        } else {
            arcs[key] = it
        }
    }

    func isTabu(op: Int32, unit: Int32, at it: Int) -> Bool {
        (units[Int(op) * unitCount + Int(unit)] ?? 0) > it
    }

    mutating func forbid(op: Int32, unit: Int32, until it: Int) {
        units[Int(op) * unitCount + Int(unit)] = it
    }

    mutating func clear() {
        if !flat.isEmpty {
            for i in 0..<flat.count { flat[i] = 0 }
        }
        arcs.removeAll(keepingCapacity: true)
        units.removeAll(keepingCapacity: true)
    }
}
