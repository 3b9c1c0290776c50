/// The model compiled to flat, index-based arrays for the engine.
///
/// Operations of an order are contiguous and in routing order; predecessors
/// always have lower indices. Appending an order keeps every existing index.
final class Problem: Sendable {
    let model: SchedulingModel

    // Orders.
    let orderIDs: [String]
    let orderIndex: [String: Int]
    let orderDue: [Int]
    let orderWeight: [Double]
    let orderRelease: [Int]
    /// Operations of order `o` are `orderOpStart[o]..<orderOpStart[o + 1]`.
    let orderOpStart: [Int]

    // Operations.
    let opCount: Int
    let opOrder: [Int32]
    let opIDs: [String]
    let opMaterial: [Int]
    let predStart: [Int32]
    let predList: [Int32]
    let succStart: [Int32]
    let succList: [Int32]
    let eligStart: [Int32]
    let eligUnit: [Int32]
    let eligSetup: [Int]
    let eligRun: [Int]
    let family: [Int32]
    let frozenUnit: [Int32]
    let frozenStart: [Int]
    let frozenEnd: [Int]
    /// Longest remaining processing (this op and its successors), shortest routes.
    let tail: [Int]

    // Work centers and units.
    let wcIDs: [String]
    let wcIndex: [String: Int]
    let wcFirstUnit: [Int32]
    let wcCalendar: [CompiledCalendar?]
    let wcSetupMatrix: [[Int32]?]
    /// All setup matrices flattened; matrix of work center `w` starts at `setupOffset[w]` (-1: none).
    let setupFlat: [Int32]
    let setupOffset: [Int]
    let calendarTable: CalendarTable
    let wcInitialFamily: [Int32]
    let familyNames: [String]
    let unitCount: Int
    let unitWC: [Int32]
    /// Frozen operations per unit sorted by start: `blockStart[u]..<blockStart[u + 1]`.
    let blockStart: [Int32]
    let blockFrom: [Int]
    let blockTo: [Int]
    let blockOp: [Int32]

    var frozenCount: Int { frozenUnit.lazy.filter { $0 >= 0 }.count }

    /// `calendars`: a table to reuse (work centers unchanged); the horizon
    /// only affects speed, never results.
    init(_ b: ProblemBuilder, calendars reuse: CalendarTable? = nil) {
        model = b.model
        orderIDs = b.orderIDs
        orderIndex = b.orderIndex
        orderDue = b.orderDue
        orderWeight = b.orderWeight
        orderRelease = b.orderRelease
        orderOpStart = b.orderOpStart
        opCount = b.opOrder.count
        opOrder = b.opOrder
        opIDs = b.opIDs
        opMaterial = b.opMaterial
        predStart = b.predStart
        predList = b.predList
        eligStart = b.eligStart
        eligUnit = b.eligUnit
        eligSetup = b.eligSetup
        eligRun = b.eligRun
        family = b.family
        frozenUnit = b.frozenUnit
        frozenStart = b.frozenStart
        frozenEnd = b.frozenEnd
        wcIDs = b.wcIDs
        wcIndex = b.wcIndex
        wcFirstUnit = b.wcFirstUnit
        wcCalendar = b.wcCalendar
        wcSetupMatrix = b.wcSetupMatrix
        var flat: [Int32] = []
        var offsets: [Int] = []
        for m in b.wcSetupMatrix {
            if let m {
                offsets.append(flat.count)
                flat.append(contentsOf: m)
            } else {
                offsets.append(-1)
            }
        }
        setupFlat = flat
        setupOffset = offsets
        // Calendar horizon: from a week before the earliest date to two years after the latest.
        var lo = 0
        var hi = 0
        for d in b.orderRelease { lo = min(lo, d); hi = max(hi, d) }
        for d in b.orderDue { hi = max(hi, d) }
        for (i, u) in b.frozenUnit.enumerated() where u >= 0 {
            lo = min(lo, b.frozenStart[i])
            hi = max(hi, b.frozenEnd[i])
        }
        for d in b.opMaterial where d != Int.min { hi = max(hi, d) }
        calendarTable =
            reuse
            ?? CalendarTable(
                calendars: b.wcCalendar, horizon: (lo - CompiledCalendar.week)...(hi + 104 * CompiledCalendar.week))
        wcInitialFamily = b.wcInitialFamily
        familyNames = b.familyNames
        unitCount = b.unitWC.count
        unitWC = b.unitWC

        // Successors (CSR) from predecessors.
        let n = b.opOrder.count
        var succCount = [Int32](repeating: 0, count: n + 1)
        for p in b.predList { succCount[Int(p) + 1] += 1 }
        for i in 0..<n { succCount[i + 1] += succCount[i] }
        var fill = succCount
        var succ = [Int32](repeating: 0, count: b.predList.count)
        for o in 0..<n {
            for k in Int(b.predStart[o])..<Int(b.predStart[o + 1]) {
                let p = Int(b.predList[k])
                succ[Int(fill[p])] = Int32(o)
                fill[p] += 1
            }
        }
        succStart = succCount
        succList = succ

        // Tails: successors have higher indices.
        var t = [Int](repeating: 0, count: n)
        for o in stride(from: n - 1, through: 0, by: -1) {
            var d = Int.max
            for k in Int(b.eligStart[o])..<Int(b.eligStart[o + 1]) { d = min(d, b.eligSetup[k] + b.eligRun[k]) }
            if d == Int.max { d = 0 }
            var m = 0
            for k in Int(succCount[o])..<Int(succCount[o + 1]) { m = max(m, t[Int(succ[k])]) }
            t[o] = d + m
        }
        tail = t

        // Frozen blocks per unit.
        var perUnit = [[Int32]](repeating: [], count: b.unitWC.count)
        for o in 0..<n where b.frozenUnit[o] >= 0 { perUnit[Int(b.frozenUnit[o])].append(Int32(o)) }
        var bs: [Int32] = [0]
        var bf: [Int] = []
        var bt: [Int] = []
        var bo: [Int32] = []
        for u in 0..<perUnit.count {
            let sorted = perUnit[u].sorted { (b.frozenStart[Int($0)], $0) < (b.frozenStart[Int($1)], $1) }
            for o in sorted {
                bf.append(b.frozenStart[Int(o)])
                bt.append(b.frozenEnd[Int(o)])
                bo.append(o)
            }
            bs.append(Int32(bo.count))
        }
        blockStart = bs
        blockFrom = bf
        blockTo = bt
        blockOp = bo
    }

    /// Compiles a model.
    static func compile(_ model: SchedulingModel) throws(ModelError) -> Problem {
        var b = try ProblemBuilder(resources: model)
        for o in model.orders { try b.add(o) }
        return Problem(b)
    }

    /// A new problem with one more order; existing indices are unchanged.
    func appending(_ order: ProductionOrder) throws(ModelError) -> Problem {
        var b = ProblemBuilder(copying: self)
        try b.add(order)
        return Problem(b, calendars: calendarTable)
    }

    @inline(__always) func isFrozen(_ o: Int) -> Bool { frozenUnit[o] >= 0 }

    /// Index into the eligibility arrays for running `o` on unit `u`, or -1.
    @inline(__always) func eligibility(_ o: Int, _ u: Int) -> Int {
        for k in Int(eligStart[o])..<Int(eligStart[o + 1]) where Int(eligUnit[k]) == u { return k }
        return -1
    }

    /// Setup minutes for `o` on work center `wc` after an operation of family `prev` (-1 = unknown).
    @inline(__always) func setup(_ o: Int, wc: Int, base: Int, after prev: Int32) -> Int {
        guard let matrix = wcSetupMatrix[wc] else { return base }
        let f = family[o]
        if prev < 0 || f < 0 { return base }
        let v = matrix[Int(prev) * familyNames.count + Int(f)]
        if v >= 0 { return Int(v) }
        return prev == f ? 0 : base
    }

    /// The order index and routing position of an operation.
    func locate(order: String, operation: String) -> Int? {
        guard let oi = orderIndex[order] else { return nil }
        for o in orderOpStart[oi]..<orderOpStart[oi + 1] where opIDs[o] == operation { return o }
        return nil
    }

    func unitName(_ u: Int) -> (workCenter: String, unit: Int) {
        let wc = Int(unitWC[u])
        return (wcIDs[wc], u - Int(wcFirstUnit[wc]))
    }
}

/// Mutable arrays from which a `Problem` is built.
struct ProblemBuilder {
    var model: SchedulingModel
    var orderIDs: [String] = []
    var orderIndex: [String: Int] = [:]
    var orderDue: [Int] = []
    var orderWeight: [Double] = []
    var orderRelease: [Int] = []
    var orderOpStart: [Int] = [0]
    var opOrder: [Int32] = []
    var opIDs: [String] = []
    var opMaterial: [Int] = []
    var predStart: [Int32] = [0]
    var predList: [Int32] = []
    var eligStart: [Int32] = [0]
    var eligUnit: [Int32] = []
    var eligSetup: [Int] = []
    var eligRun: [Int] = []
    var family: [Int32] = []
    var frozenUnit: [Int32] = []
    var frozenStart: [Int] = []
    var frozenEnd: [Int] = []
    var wcIDs: [String] = []
    var wcIndex: [String: Int] = [:]
    var wcFirstUnit: [Int32] = []
    var wcCalendar: [CompiledCalendar?] = []
    var wcSetupMatrix: [[Int32]?] = []
    var wcInitialFamily: [Int32] = []
    var familyNames: [String] = []
    var familyIndex: [String: Int32] = [:]
    var unitWC: [Int32] = []

    /// Resources only; orders are added with `add`.
    init(resources model: SchedulingModel) throws(ModelError) {
        self.model = model
        self.model.orders = []
        var calendars: [String: WorkCalendar] = [:]
        for c in model.calendars {
            if calendars[c.id] != nil { throw .duplicateID(c.id) }
            calendars[c.id] = c
        }
        // Families: every name used in any matrix, work center or operation.
        for wc in model.workCenters {
            for t in wc.setupMatrix {
                _ = intern(t.from)
                _ = intern(t.to)
            }
            if let f = wc.initialFamily { _ = intern(f) }
        }
        for order in model.orders { for op in order.operations { if let f = op.setupFamily { _ = intern(f) } } }
        for wc in model.workCenters {
            if wcIndex[wc.id] != nil { throw .duplicateID(wc.id) }
            guard wc.capacity >= 1 else { throw .invalidValue("work center \(wc.id): capacity must be >= 1") }
            wcIndex[wc.id] = wcIDs.count
            wcIDs.append(wc.id)
            wcFirstUnit.append(Int32(unitWC.count))
            for _ in 0..<wc.capacity { unitWC.append(Int32(wcIDs.count - 1)) }
            var shifts: [WeeklyShift]? = nil
            var exceptions = wc.downtime
            if let cid = wc.calendarID {
                guard let cal = calendars[cid] else { throw .unknownCalendar(workCenter: wc.id, calendar: cid) }
                shifts = cal.weeklyShifts
                exceptions += cal.holidays
            }
            if shifts == nil && exceptions.isEmpty {
                wcCalendar.append(nil)
            } else {
                wcCalendar.append(try CompiledCalendar(shifts: shifts, exceptions: exceptions))
            }
            wcInitialFamily.append(wc.initialFamily.flatMap { familyIndex[$0] } ?? -1)
            wcSetupMatrix.append(nil)
        }
        // Matrices need the final family count; orders added later may add
        // families, which then have no matrix entries (-1 = not configured).
        rebuildMatrices()
    }

    init(copying p: Problem) {
        model = p.model
        orderIDs = p.orderIDs
        orderIndex = p.orderIndex
        orderDue = p.orderDue
        orderWeight = p.orderWeight
        orderRelease = p.orderRelease
        orderOpStart = p.orderOpStart
        opOrder = p.opOrder
        opIDs = p.opIDs
        opMaterial = p.opMaterial
        predStart = p.predStart
        predList = p.predList
        eligStart = p.eligStart
        eligUnit = p.eligUnit
        eligSetup = p.eligSetup
        eligRun = p.eligRun
        family = p.family
        frozenUnit = p.frozenUnit
        frozenStart = p.frozenStart
        frozenEnd = p.frozenEnd
        wcIDs = p.wcIDs
        wcIndex = p.wcIndex
        wcFirstUnit = p.wcFirstUnit
        wcCalendar = p.wcCalendar
        wcSetupMatrix = p.wcSetupMatrix
        wcInitialFamily = p.wcInitialFamily
        familyNames = p.familyNames
        for (i, f) in familyNames.enumerated() { familyIndex[f] = Int32(i) }
        unitWC = p.unitWC
    }

    mutating func intern(_ f: String) -> Int32 {
        if let i = familyIndex[f] { return i }
        let i = Int32(familyNames.count)
        familyIndex[f] = i
        familyNames.append(f)
        return i
    }

    mutating func rebuildMatrices() {
        let fc = familyNames.count
        for (w, wc) in model.workCenters.enumerated() where !wc.setupMatrix.isEmpty {
            var m = [Int32](repeating: -1, count: fc * fc)
            for t in wc.setupMatrix {
                if let a = familyIndex[t.from], let b = familyIndex[t.to] {
                    m[Int(a) * fc + Int(b)] = Int32(max(0, t.minutes))
                }
            }
            wcSetupMatrix[w] = m
        }
    }

    mutating func add(_ order: ProductionOrder) throws(ModelError) {
        if orderIndex[order.id] != nil { throw .duplicateID(order.id) }
        guard order.quantity >= 0 else { throw .invalidValue("order \(order.id): negative quantity") }
        guard order.priority >= 0, order.priority.isFinite else {
            throw .invalidValue("order \(order.id): priority must be a finite number >= 0")
        }
        guard !order.operations.isEmpty else { throw .invalidValue("order \(order.id): no operations") }
        let familiesBefore = familyNames.count
        let base = opOrder.count
        var local: [String: Int] = [:]
        for (i, op) in order.operations.enumerated() {
            if local[op.id] != nil { throw .duplicateID("\(order.id)/\(op.id)") }
            local[op.id] = i
        }
        let oi = orderIDs.count
        for (i, op) in order.operations.enumerated() {
            // Predecessors must come earlier in the routing.
            let preds: [Int]
            if let names = op.predecessors {
                var ps: [Int] = []
                for name in names {
                    guard let j = local[name] else {
                        throw .unknownPredecessor(order: order.id, operation: op.id, predecessor: name)
                    }
                    if j >= i { throw .cyclicRouting(order: order.id) }
                    if !ps.contains(j) { ps.append(j) }
                }
                ps.sort()
                preds = ps
            } else {
                preds = i > 0 ? [i - 1] : []
            }
            for j in preds { predList.append(Int32(base + j)) }
            predStart.append(Int32(predList.count))

            var routes = [(op.workCenter, op.setupMinutes, op.runMinutesPerUnit)]
            for a in op.alternates where !routes.contains(where: { $0.0 == a.workCenter }) {
                routes.append((a.workCenter, a.setupMinutes, a.runMinutesPerUnit))
            }
            for (wcID, setup, run) in routes {
                guard let wc = wcIndex[wcID] else {
                    throw .unknownWorkCenter(order: order.id, operation: op.id, workCenter: wcID)
                }
                guard setup >= 0, run >= 0 else {
                    throw .invalidValue("order \(order.id) operation \(op.id): negative time")
                }
                let first = Int(wcFirstUnit[wc])
                let count = model.workCenters[wc].capacity
                for u in first..<(first + count) {
                    eligUnit.append(Int32(u))
                    eligSetup.append(setup)
                    eligRun.append(run * order.quantity)
                }
            }
            eligStart.append(Int32(eligUnit.count))
            opOrder.append(Int32(oi))
            opIDs.append(op.id)
            opMaterial.append(op.materialAvailableAt ?? Int.min)
            family.append(op.setupFamily.map { intern($0) } ?? -1)
            if let f = op.frozen {
                guard let wc = wcIndex[f.workCenter] else {
                    throw .unknownWorkCenter(order: order.id, operation: op.id, workCenter: f.workCenter)
                }
                guard f.unit >= 0, f.unit < model.workCenters[wc].capacity, f.end >= f.start else {
                    throw .invalidValue("order \(order.id) operation \(op.id): invalid frozen assignment")
                }
                frozenUnit.append(wcFirstUnit[wc] + Int32(f.unit))
                frozenStart.append(f.start)
                frozenEnd.append(f.end)
            } else {
                frozenUnit.append(-1)
                frozenStart.append(0)
                frozenEnd.append(0)
            }
        }
        orderIDs.append(order.id)
        orderIndex[order.id] = oi
        orderDue.append(order.dueDate)
        orderWeight.append(order.priority)
        orderRelease.append(order.releaseDate)
        orderOpStart.append(opOrder.count)
        model.orders.append(order)
        if familyNames.count != familiesBefore { rebuildMatrices() }
    }
}
