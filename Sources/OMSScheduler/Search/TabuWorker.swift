/// One thread of the improvement search: tabu search over unit sequences with
/// the N7 critical-block neighbourhood (Zhang et al.; it contains
/// Nowicki–Smutnicki's N5) plus reassignment to alternate units, exact
/// evaluation by decoding, aspiration, and restarts from the best plan after
/// a stall. Deterministic for its seed.
struct TabuWorker: Sendable {
    let p: Problem
    let w: Objective
    var rng: SplitMix64
    var cur: Sequencing
    var curCost: Double
    var curDec = ScheduleDecoder()
    var evalDec = ScheduleDecoder()
    var best: Sequencing
    var bestCost: Double
    var tabu: TabuTable
    var iteration = 0
    var sinceImprove = 0
    let tenureMin: Int
    let tenureMax: Int
    let stallLimit: Int
    private var pos: [Int32]
    var tails: [Int] = []
    var segBuf: [Int] = []
    var headBuf: [Int] = []
    let useEstimate: Bool
    private var rated: [(Double, UInt64, Int)] = []
    private var moves: [Move] = []
    private var path: [Int] = []

    init(problem: Problem, objective: Objective, start: Sequencing, seed: UInt64) {
        p = problem
        w = objective
        rng = SplitMix64(seed: seed)
        cur = start
        best = start
        tabu = TabuTable(operations: problem.opCount, units: problem.unitCount)
        pos = [Int32](repeating: -1, count: problem.opCount)
        let ok = curDec.decode(problem, start)
        curCost = ok ? problem.cost(curDec, objective) : .infinity
        bestCost = curCost
        let jobs = max(1, problem.orderIDs.count)
        let machines = max(1, problem.unitCount)
        tenureMin = 10 + jobs / machines
        tenureMax = tenureMin + max(2, tenureMin * 2 / 5)
        stallLimit = max(2000, 20 * problem.opCount)
        useEstimate = Self.estimable(problem, objective)
        for u in 0..<cur.seqs.count { refreshPositions(u) }
        if useEstimate { computeTails() }
    }

    private mutating func refreshPositions(_ u: Int) {
        for (i, o) in cur.seqs[u].enumerated() { pos[Int(o)] = Int32(i) }
    }

    /// Restarts from another sequencing (e.g. the best of all threads).
    mutating func adopt(_ s: Sequencing, cost: Double) {
        cur = s
        _ = curDec.decode(p, cur)
        curCost = cost
        if cost < bestCost {
            best = s
            bestCost = cost
        }
        for u in 0..<cur.seqs.count { refreshPositions(u) }
        if useEstimate { computeTails() }
        tabu.clear()
        sinceImprove = 0
    }

    /// Runs up to `count` iterations; returns how many ran.
    mutating func run(count: Int, deadline: ContinuousClock.Instant, control: SearchControl?) -> Int {
        var done = 0
        let clock = ContinuousClock()
        while done < count {
            if clock.now >= deadline || (control?.isCancelled ?? false) { break }
            step()
            done += 1
        }
        return done
    }

    /// The operation whose completion the current plan should improve.
    private mutating func target() -> Int {
        let d = curDec
        if w.tardiness > 0 && (w.makespan == 0 || rng.unit() < 0.8) {
            var total = 0.0
            for oi in 0..<p.orderIDs.count {
                var c = Int.min
                for o in p.orderOpStart[oi]..<p.orderOpStart[oi + 1] where d.end[o] > c { c = d.end[o] }
                if c > p.orderDue[oi] { total += p.orderWeight[oi] * Double(c - p.orderDue[oi]) + 1e-9 }
            }
            if total > 0 {
                var pick = rng.unit() * total
                for oi in 0..<p.orderIDs.count {
                    var c = Int.min
                    var last = p.orderOpStart[oi]
                    for o in p.orderOpStart[oi]..<p.orderOpStart[oi + 1] where d.end[o] > c {
                        c = d.end[o]
                        last = o
                    }
                    if c > p.orderDue[oi] {
                        pick -= p.orderWeight[oi] * Double(c - p.orderDue[oi]) + 1e-9
                        if pick <= 0 { return last }
                    }
                }
            }
        }
        if w.makespan == 0 && w.tardiness == 0 {
            let oi = rng.below(p.orderIDs.count)
            var last = p.orderOpStart[oi]
            for o in p.orderOpStart[oi]..<p.orderOpStart[oi + 1] where d.end[o] > d.end[last] { last = o }
            return last
        }
        // An operation that ends at the makespan; random among ties.
        var mk = Int.min
        var count = 0
        var chosen = 0
        for o in 0..<p.opCount {
            if d.end[o] > mk {
                mk = d.end[o]
                count = 1
                chosen = o
            } else if d.end[o] == mk {
                count += 1
                if rng.below(count) == 0 { chosen = o }
            }
        }
        return chosen
    }

    private mutating func buildMoves() {
        moves.removeAll(keepingCapacity: true)
        path.removeAll(keepingCapacity: true)
        var o = target()
        while true {
            path.append(o)
            let b = curDec.binding[o]
            if b == .jobPredecessor || b == .resourcePredecessor {
                o = Int(curDec.bindOp[o])
            } else {
                break
            }
        }
        path.reverse()
        // Critical blocks: runs of path operations linked by their unit.
        var i = 0
        while i < path.count {
            var j = i
            while j + 1 < path.count && curDec.binding[path[j + 1]] == .resourcePredecessor
                && Int(curDec.bindOp[path[j + 1]]) == path[j]
            {
                j += 1
            }
            if j > i && !p.isFrozen(path[i]) {
                let u = cur.unitOf[path[i]]
                let first = pos[path[i]]
                let last = pos[path[j]]
                addBlockMoves(unit: u, first: first, last: last)
            }
            i = j + 1
        }
        // Alternate units for operations on the path.
        for o in path where !p.isFrozen(o) && p.eligStart[o + 1] - p.eligStart[o] > 1 {
            let fu = cur.unitOf[o]
            for k in Int(p.eligStart[o])..<Int(p.eligStart[o + 1]) {
                let tu = p.eligUnit[k]
                if tu == fu { continue }
                // Insert where its current start falls in the other unit.
                let seq = cur.seqs[Int(tu)]
                var lo = 0
                var hi = seq.count
                let s = curDec.start[o]
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if curDec.start[Int(seq[mid])] < s { lo = mid + 1 } else { hi = mid }
                }
                moves.append(.reassign(op: Int32(o), fromUnit: fu, from: pos[o], toUnit: tu, to: Int32(lo)))
            }
        }
    }

    private mutating func addBlockMoves(unit u: Int32, first f: Int32, last l: Int32) {
        func add(_ from: Int32, _ to: Int32) {
            if from == to { return }
            let m = Move.shift(unit: u, from: from, to: to)
            if !moves.contains(m) { moves.append(m) }
        }
        // Move an inner operation to the front or the back of the block.
        for k in (f + 1)...l { add(k, f) }
        for k in f..<l { add(k, l) }
        // Move the first or last operation into the block.
        if l - f >= 2 {
            for k in (f + 1)..<l {
                add(f, k)
                add(l, k)
            }
        }
    }

    /// Arcs a shift move creates, checked against the tabu list.
    private func isTabu(_ m: Move) -> Bool {
        switch m {
        case .shift(let u, let f, let t):
            let seq = cur.seqs[Int(u)]
            let x = seq[Int(f)]
            if t < f {
                for k in t..<f where tabu.isTabu(arc: x, seq[Int(k)], at: iteration) { return true }
            } else {
                for k in (f + 1)...t where tabu.isTabu(arc: seq[Int(k)], x, at: iteration) { return true }
            }
            return false
        case .reassign(let op, _, _, let tu, _):
            return tabu.isTabu(op: op, unit: tu, at: iteration)
        }
    }

    private mutating func recordTabu(_ m: Move) {
        let tenure = tenureMin + rng.below(tenureMax - tenureMin + 1)
        let until = iteration + tenure
        switch m {
        case .shift(let u, let f, let t):
            let seq = cur.seqs[Int(u)]  // before the move
            let x = seq[Int(f)]
            if t < f {
                for k in t..<f { tabu.forbid(arc: seq[Int(k)], x, until: until) }
            } else {
                for k in (f + 1)...t { tabu.forbid(arc: x, seq[Int(k)], until: until) }
            }
        case .reassign(let op, let fu, _, _, _):
            tabu.forbid(op: op, unit: fu, until: until)
        }
    }

    mutating func step() {
        iteration += 1
        buildMoves()
        // On large models every exact evaluation is a full decode: sample.
        if !useEstimate && p.opCount > 2000 && moves.count > 12 {
            moves.shuffle(using: &rng)
            moves.removeLast(moves.count - 12)
        }
        if useEstimate {
            stepEstimated()
            return
        }
        var chosen: Move? = nil
        var chosenCost = Double.infinity
        var tabuFallback: Move? = nil
        var tabuFallbackCost = Double.infinity
        let base = DecodedTimes(curDec)
        for m in moves {
            // Nothing that starts before the earliest operation a move touches can change.
            let keep: Int
            switch m {
            case .shift(let u, let f, let t):
                keep = curDec.start[Int(cur.seqs[Int(u)][Int(min(f, t))])]
            case .reassign(let op, _, _, let tu, let t):
                let seq = cur.seqs[Int(tu)]
                keep = min(curDec.start[Int(op)], Int(t) < seq.count ? curDec.start[Int(seq[Int(t)])] : Int.max)
            }
            cur.apply(m)
            let ok = evalDec.decode(p, cur, base: base, keepBefore: keep)
            cur.undo(m)
            guard ok else { continue }
            let c = p.cost(evalDec, w)
            if isTabu(m) && c >= bestCost {
                if c < tabuFallbackCost {
                    tabuFallbackCost = c
                    tabuFallback = m
                }
                continue
            }
            if c < chosenCost {
                chosenCost = c
                chosen = m
            }
        }
        if chosen == nil, let t = tabuFallback {
            chosen = t
            chosenCost = tabuFallbackCost
        }
        guard let m = chosen else {
            perturb()
            return
        }
        recordTabu(m)
        commit(m, cost: chosenCost)
        sinceImprove += 1
        if sinceImprove > stallLimit {
            adopt(best, cost: bestCost)
            perturb()
        }
    }

    /// Rates moves by estimate, then commits the best admissible one that
    /// decodes without a cycle.
    private mutating func stepEstimated() {
        rated.removeAll(keepingCapacity: true)
        for (i, m) in moves.enumerated() {
            var v: Double
            if case .reassign = m {
                cur.apply(m)
                let ok = evalDec.decode(p, cur)
                cur.undo(m)
                v = ok ? p.cost(evalDec, w) : .infinity
            } else {
                v = estimate(m)
            }
            if v == .infinity { continue }
            if isTabu(m) && v >= bestCost { v += 1e12 }  // tabu and not aspirating: last resort
            rated.append((v, rng.next(), i))
        }
        // Equal estimates are common (plateaus): break ties at random.
        rated.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        for (_, _, i) in rated.prefix(8) {
            let m = moves[i]
            cur.apply(m)
            let ok = evalDec.decode(p, cur)
            cur.undo(m)
            guard ok else { continue }
            recordTabu(m)
            commit(m, cost: p.cost(evalDec, w), decoded: true)
            sinceImprove += 1
            if sinceImprove > stallLimit {
                adopt(best, cost: bestCost)
                perturb()
            }
            return
        }
        perturb()
    }

    /// Applies a move. `decoded`: `evalDec` already holds the decoded result.
    private mutating func commit(_ m: Move, cost: Double, decoded: Bool = false) {
        cur.apply(m)
        if decoded {
            swap(&curDec, &evalDec)
        } else {
            _ = curDec.decode(p, cur)
        }
        if useEstimate { computeTails() }
        curCost = cost
        switch m {
        case .shift(let u, _, _): refreshPositions(Int(u))
        case .reassign(_, let fu, _, let tu, _):
            refreshPositions(Int(fu))
            refreshPositions(Int(tu))
        }
        if cost < bestCost {
            bestCost = cost
            best = cur
            sinceImprove = 0
        }
    }

    /// A few random adjacent swaps that keep the plan acyclic.
    mutating func perturb() {
        let swaps = 2 + rng.below(4)
        var done = 0
        var tries = 0
        while done < swaps && tries < 50 {
            tries += 1
            let u = rng.below(cur.seqs.count)
            let len = cur.seqs[u].count
            if len < 2 { continue }
            let i = rng.below(len - 1)
            let m = Move.shift(unit: Int32(u), from: Int32(i), to: Int32(i + 1))
            cur.apply(m)
            if evalDec.decode(p, cur) {
                cur.undo(m)
                commit(m, cost: p.cost(evalDec, w), decoded: true)
                done += 1
            } else {
                cur.undo(m)
            }
        }
        tabu.clear()
    }
}
