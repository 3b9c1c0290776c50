/// How a new order is put into an existing plan.
public enum InsertionMode: String, Sendable, Hashable, Codable {
    /// As early as possible: other work is pushed later where it must.
    case rush
    /// Only into idle time: existing work stays where it is (except, with
    /// sequence-dependent setups, a changed changeover after the insert).
    case fillGaps
}

/// The answer to "when could this order be done?".
public struct Promise: Sendable, Hashable, Codable {
    /// Order id.
    public var order: String
    /// Projected completion if the order were inserted now.
    public var completion: Minutes
    /// completion - due date.
    public var lateness: Minutes
    /// Existing orders whose projected completion would change.
    public var impact: [OrderDateChange]
}

extension Scheduler {
    /// Inserts a new order into `plan` so that only what must move moves:
    /// every existing operation keeps its unit and its place in its unit's
    /// sequence; the new operations go where they finish earliest (`.rush`)
    /// or into idle time (`.fillGaps`). Existing operations can only move
    /// later, and only those downstream of the insert. Fast (one decode);
    /// improve the result in the background with `improve`.
    public func insert(_ order: ProductionOrder, into plan: Plan, mode: InsertionMode = .rush) throws(ModelError)
        -> RepairResult
    {
        precondition(plan.problem === problem, "plan belongs to another scheduler")
        let np = try problem.appending(order)
        let oldCount = problem.opCount
        var s = plan.sequencing
        s.unitOf.append(contentsOf: [Int32](repeating: -1, count: np.opCount - oldCount))
        var estStart = [Int](repeating: 0, count: np.opCount - oldCount)
        var estEnd = estStart
        func startOf(_ o: Int) -> Int { o < oldCount ? plan.start[o] : estStart[o - oldCount] }
        func endOf(_ o: Int) -> Int { o < oldCount ? plan.end[o] : estEnd[o - oldCount] }

        for o in oldCount..<np.opCount {
            if np.isFrozen(o) {
                s.unitOf[o] = np.frozenUnit[o]
                estStart[o - oldCount] = np.frozenStart[o]
                estEnd[o - oldCount] = np.frozenEnd[o]
                continue
            }
            var r = max(np.orderRelease[Int(np.opOrder[o])], np.opMaterial[o])
            for k in Int(np.predStart[o])..<Int(np.predStart[o + 1]) { r = max(r, endOf(Int(np.predList[k]))) }
            var best: (end: Int, start: Int, unit: Int, pos: Int)? = nil
            for k in Int(np.eligStart[o])..<Int(np.eligStart[o + 1]) {
                let u = Int(np.eligUnit[k])
                let seq = s.seqs[u]
                // First position whose operation starts at or after `r`.
                var lo = 0
                var hi = seq.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if startOf(Int(seq[mid])) < r { lo = mid + 1 } else { hi = mid }
                }
                var candidates: [(Int, Int, Int)] = []  // (end, start, pos)
                if mode == .rush {
                    let prev: Int32 = lo > 0 ? seq[lo - 1] : -1
                    let pe = prev >= 0 ? endOf(Int(prev)) : Int.min
                    let (st, en) = np.place(o, on: u, after: prev, prevEnd: pe, ready: r)
                    candidates.append((en, st, lo))
                }
                // Earliest idle gap at or after `r` that the operation fits.
                var i = max(0, lo - 1)
                var scanned = 0
                while i <= seq.count && scanned < 10_000 {
                    let prev: Int32 = i > 0 ? seq[i - 1] : -1
                    let pe = prev >= 0 ? endOf(Int(prev)) : Int.min
                    let (st, en) = np.place(o, on: u, after: prev, prevEnd: pe, ready: r)
                    if i == seq.count || en <= startOf(Int(seq[i])) {
                        candidates.append((en, st, i))
                        break
                    }
                    i += 1
                    scanned += 1
                }
                for c in candidates {
                    // Earliest end; on a tie prefer the later position (fewer pushed).
                    if best.map({ c.0 < $0.end || (c.0 == $0.end && u == $0.unit && c.2 > $0.pos) }) ?? true {
                        best = (c.0, c.1, u, c.2)
                    }
                }
            }
            guard let b = best else { throw .invalidValue("operation \(np.opIDs[o]) has no work center") }
            s.seqs[b.unit].insert(Int32(o), at: b.pos)
            s.unitOf[o] = Int32(b.unit)
            estStart[o - oldCount] = b.start
            estEnd[o - oldCount] = b.end
        }
        let ns = Scheduler(problem: np, objective: objective)
        // Nothing that starts before the first old operation after an insert
        // (or before a new frozen block) can move: keep those times.
        var keepBefore = Int.max
        for o in oldCount..<np.opCount {
            if np.isFrozen(o) {
                keepBefore = min(keepBefore, np.frozenStart[o])
                continue
            }
            let seq = s.seqs[Int(s.unitOf[o])]
            guard var i = seq.firstIndex(of: Int32(o)) else { continue }
            while i < seq.count && Int(seq[i]) >= oldCount { i += 1 }
            if i < seq.count { keepBefore = min(keepBefore, plan.start[Int(seq[i])]) }
        }
        var d = ScheduleDecoder()
        let newPlan: Plan
        if d.decode(np, s, base: DecodedTimes(plan), keepBefore: keepBefore) {
            newPlan = Plan(problem: np, sequencing: s, decoder: d, weights: objective)
        } else {
            // Only possible with zero-length operations tying in time: fall
            // back to appending the new operations, which cannot form a cycle.
            for o in oldCount..<np.opCount where !np.isFrozen(o) {
                let u = Int(s.unitOf[o])
                s.seqs[u].removeAll { $0 == Int32(o) }
                s.seqs[u].append(Int32(o))
            }
            newPlan = ns.plan(s)
        }
        let oldIndex = (0..<np.opCount).map { $0 < oldCount ? $0 : -1 }
        return RepairResult(scheduler: ns, plan: newPlan, diff: PlanDiff(old: plan, new: newPlan, oldIndex: oldIndex))
    }

    /// Capable-to-promise: when the order could be complete if inserted now,
    /// and whom it would delay. Nothing is committed.
    public func capableToPromise(_ order: ProductionOrder, plan: Plan, mode: InsertionMode = .fillGaps)
        throws(ModelError) -> Promise
    {
        let r = try insert(order, into: plan, mode: mode)
        let c = r.plan.order(order.id)?.completion ?? 0
        return Promise(order: order.id, completion: c, lateness: c - order.dueDate, impact: r.diff.changedOrders)
    }
}
