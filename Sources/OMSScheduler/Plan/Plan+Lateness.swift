extension Plan {
    /// Outcome of order `oi`, with causes traced back along its critical chain.
    func outcome(_ oi: Int) -> OrderOutcome {
        let p = problem
        var last = p.orderOpStart[oi]
        for o in p.orderOpStart[oi]..<p.orderOpStart[oi + 1] where end[o] > end[last] { last = o }
        let completion = end[last]
        let lateness = completion - p.orderDue[oi]
        var causes: [LatenessCause: Minutes] = [:]
        if lateness > 0 {
            causes = chainCauses(from: last)
        }
        let primary = causes.filter { $0.value > 0 }.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key
        return OrderOutcome(
            order: p.orderIDs[oi], dueDate: p.orderDue[oi], completion: completion, lateness: lateness,
            causes: causes.filter { $0.value > 0 }, primaryCause: primary)
    }

    /// Walks the order's own chain backwards from `last`, attributing waits.
    func chainCauses(from last: Int) -> [LatenessCause: Minutes] {
        let p = problem
        var causes: [LatenessCause: Minutes] = [:]
        var o = last
        while true {
            if p.isFrozen(o) {
                causes[.upstreamDelay, default: 0] += max(0, end[o] - p.orderRelease[Int(p.opOrder[o])])
                return causes
            }
            // Non-working time before the start and inside the operation.
            let work = end[o] - start[o]
            var needed = setup[o]
            let k = p.eligibility(o, Int(sequencing.unitOf[o]))
            if k >= 0 { needed += p.eligRun[k] }
            let idle = max(0, start[o] - ready[o]) + max(0, work - needed)
            if idle > 0 {
                // Split non-working time into downtime and the calendar proper.
                let wc = Int(p.unitWC[Int(sequencing.unitOf[o])])
                var down = 0
                for r in p.model.workCenters[wc].downtime {
                    down += max(0, min(r.end, end[o]) - max(r.start, ready[o]))
                }
                down = min(down, idle)
                causes[.downtime, default: 0] += down
                causes[.calendar, default: 0] += idle - down
            }
            // What the order itself allowed: release, material, own predecessors.
            let order = Int(p.opOrder[o])
            var own = p.orderRelease[order]
            var ownBind = LatenessCause.upstreamDelay
            var ownPred = -1
            if p.opMaterial[o] > own {
                own = p.opMaterial[o]
                ownBind = .material
            }
            var predEnd = Int.min
            for kk in Int(p.predStart[o])..<Int(p.predStart[o + 1]) {
                let q = Int(p.predList[kk])
                if end[q] > predEnd {
                    predEnd = end[q]
                    ownPred = q
                }
            }
            if ready[o] > max(own, predEnd) {
                causes[.capacity, default: 0] += ready[o] - max(own, predEnd)
            }
            if ownPred >= 0 && predEnd >= own {
                o = ownPred
                continue
            }
            if ownBind == .material {
                causes[.material, default: 0] += own - max(predEnd, p.orderRelease[order])
                if ownPred >= 0 {
                    o = ownPred
                    continue
                }
            }
            return causes
        }
    }
}
