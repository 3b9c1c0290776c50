extension Problem {
    /// The objective parts of a decoded schedule.
    func breakdown(_ d: ScheduleDecoder, _ w: Objective) -> ObjectiveBreakdown {
        var wt = 0.0
        var late = 0
        var mk = 0
        var su = 0
        var wip = 0
        for oi in 0..<orderIDs.count {
            var c = Int.min
            var s = Int.max
            for o in orderOpStart[oi]..<orderOpStart[oi + 1] {
                if d.end[o] > c { c = d.end[o] }
                if d.start[o] < s { s = d.start[o] }
            }
            let t = c - orderDue[oi]
            if t > 0 {
                late += 1
                wt += orderWeight[oi] * Double(t)
            }
            if c > mk { mk = c }
            wip += c - s
        }
        for o in 0..<opCount { su += d.setup[o] }
        let cost = w.tardiness * wt + w.makespan * Double(mk) + w.setup * Double(su) + w.wip * Double(wip)
        return ObjectiveBreakdown(
            weightedTardiness: wt, lateOrders: late, makespan: mk, totalSetup: su, wip: wip, cost: cost)
    }

    /// The weighted cost alone (fast path for pure makespan).
    @inline(__always)
    func cost(_ d: ScheduleDecoder, _ w: Objective) -> Double {
        if w.tardiness == 0 && w.setup == 0 && w.wip == 0 {
            var mk = 0
            for e in d.end where e > mk { mk = e }
            return w.makespan * Double(mk)
        }
        return breakdown(d, w).cost
    }
}
