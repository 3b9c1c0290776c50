import OMSScheduler

/// Seeded generators of models for property tests (no dependencies).
enum TestModels {
    /// A random model with calendars, holidays, downtime, alternates, setup
    /// families, material dates and (optionally) frozen operations.
    static func random(seed: UInt64, orders: Int = 12, frozen: Bool = true, calendars: Bool = true) -> SchedulingModel {
        var rng = SplitMix64(seed: seed)
        func r(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let cals = [
            WorkCalendar.daily(id: "day", days: [0, 1, 2, 3, 4], from: 6 * 60, to: 14 * 60,
                holidays: [TimeRange(start: 2 * 1440, end: 3 * 1440)]),
            WorkCalendar(
                id: "twoShift",
                weeklyShifts: (0..<6).flatMap { d in
                    [WeeklyShift(day: d, startMinute: 6 * 60, endMinute: 14 * 60),
                     WeeklyShift(day: d, startMinute: 14 * 60 + 30, endMinute: 22 * 60)]
                }),
        ]
        let families = ["red", "blue", "green"]
        var wcs: [WorkCenter] = []
        for i in 0..<4 {
            var wc = WorkCenter(id: "WC\(i)", capacity: 1 + (i == 1 ? 1 : 0))
            if calendars && i != 3 { wc.calendarID = i % 2 == 0 ? "day" : "twoShift" }
            if i == 2 {
                wc.setupMatrix = [
                    SetupTransition(from: "red", to: "blue", minutes: 30),
                    SetupTransition(from: "blue", to: "red", minutes: 45),
                    SetupTransition(from: "green", to: "red", minutes: 10),
                ]
                wc.initialFamily = "red"
            }
            if calendars && i == 0 { wc.downtime = [TimeRange(start: 1440 + 7 * 60, end: 1440 + 9 * 60)] }
            wcs.append(wc)
        }
        var os: [ProductionOrder] = []
        var frozenSlot = 0
        for j in 0..<orders {
            let n = 1 + r(4)
            var ops: [Operation] = []
            for k in 0..<n {
                let wc = r(4)
                var op = Operation(
                    id: "op\(k)", workCenter: "WC\(wc)", setupMinutes: r(20), runMinutesPerUnit: 1 + r(15))
                if r(3) == 0 {
                    op.alternates = [AlternateRoute(workCenter: "WC\((wc + 1) % 4)", setupMinutes: 5, runMinutesPerUnit: 2 + r(20))]
                }
                if wc == 2 { op.setupFamily = families[r(3)] }
                if r(5) == 0 { op.materialAvailableAt = r(3000) }
                if k == 2 && n == 4 { op.predecessors = ["op0"] }  // a branch: op2 and op1 both follow op0
                if frozen && k == 0 && (r(4) == 0 || j == 0) {
                    // Frozen first operations, disjoint in time on WC3 unit 0.
                    op.frozen = FrozenAssignment(
                        workCenter: "WC3", unit: 0, start: frozenSlot * 200 + 10, end: frozenSlot * 200 + 70)
                    frozenSlot += 1
                }
                ops.append(op)
            }
            os.append(
                ProductionOrder(
                    id: "O\(j)", quantity: 1 + r(5), releaseDate: r(500), dueDate: 600 + r(4000),
                    priority: Double(1 + r(3)), operations: ops))
        }
        return SchedulingModel(calendars: calendars ? cals : [], workCenters: wcs, orders: os)
    }

    /// A random job-shop instance.
    static func jobShop(seed: UInt64, jobs: Int, machines: Int, maxTime: Int = 9) -> JobShopInstance {
        var rng = SplitMix64(seed: seed)
        var js: [[JobShopStep]] = []
        for _ in 0..<jobs {
            var ms = Array(0..<machines)
            ms.shuffle(using: &rng)
            js.append(ms.map { JobShopStep(machine: $0, duration: 1 + Int(rng.next() % UInt64(maxTime))) })
        }
        return JobShopInstance(jobs: js, machineCount: machines)
    }

    static let ft06 = """
        ft06 (Fisher and Thompson 6x6)
        6 6
        2 1 0 3 1 6 3 7 5 3 4 6
        1 8 2 5 4 10 5 10 0 10 3 4
        2 5 3 4 5 8 0 9 1 1 4 7
        1 5 0 5 2 5 3 3 4 8 5 9
        2 9 1 3 4 5 5 4 0 3 3 1
        1 3 3 3 5 9 0 10 4 4 2 1
        """
}

/// Minimum makespan by brute force: every combination of machine orders,
/// evaluated by an independent longest-path computation.
enum BruteForce {
    static func optimum(_ inst: JobShopInstance) -> Int {
        let m = inst.machineCount
        // Operations per machine: (job, step).
        var onMachine = [[(Int, Int)]](repeating: [], count: m)
        for (j, steps) in inst.jobs.enumerated() { for (k, s) in steps.enumerated() { onMachine[s.machine].append((j, k)) } }
        let perms = onMachine.map { permutations(Array(0..<$0.count)) }
        var best = Int.max
        var choice = [Int](repeating: 0, count: m)
        func rec(_ i: Int) {
            if i == m {
                if let v = evaluate(inst, onMachine, perms, choice) { best = min(best, v) }
                return
            }
            for c in 0..<perms[i].count {
                choice[i] = c
                rec(i + 1)
            }
        }
        rec(0)
        return best
    }

    static func permutations(_ a: [Int]) -> [[Int]] {
        if a.count <= 1 { return [a] }
        var out: [[Int]] = []
        for (i, x) in a.enumerated() {
            var rest = a
            rest.remove(at: i)
            for p in permutations(rest) { out.append([x] + p) }
        }
        return out
    }

    /// Longest path by repeated relaxation; nil if the orders form a cycle.
    static func evaluate(_ inst: JobShopInstance, _ onMachine: [[(Int, Int)]], _ perms: [[[Int]]], _ choice: [Int]) -> Int? {
        var start = inst.jobs.map { [Int](repeating: 0, count: $0.count) }
        let total = inst.jobs.reduce(0) { $0 + $1.count }
        for _ in 0...total {
            var changed = false
            for (j, steps) in inst.jobs.enumerated() {
                for k in 1..<max(1, steps.count) where start[j][k] < start[j][k - 1] + steps[k - 1].duration {
                    start[j][k] = start[j][k - 1] + steps[k - 1].duration
                    changed = true
                }
            }
            for (mi, ops) in onMachine.enumerated() {
                let order = perms[mi][choice[mi]]
                for x in 1..<max(1, order.count) {
                    let (pj, pk) = ops[order[x - 1]]
                    let (j, k) = ops[order[x]]
                    let e = start[pj][pk] + inst.jobs[pj][pk].duration
                    if start[j][k] < e {
                        start[j][k] = e
                        changed = true
                    }
                }
            }
            if !changed {
                var mk = 0
                for (j, steps) in inst.jobs.enumerated() { for (k, s) in steps.enumerated() { mk = max(mk, start[j][k] + s.duration) } }
                return mk
            }
        }
        return nil
    }
}
