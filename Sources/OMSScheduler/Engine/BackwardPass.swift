extension Problem {
    /// Backward scheduling at infinite capacity: the latest start of every
    /// operation that still meets its order's due date, on its fastest route,
    /// honouring calendars. Used by slack-based dispatching rules.
    func latestStarts() -> [Int] {
        var ls = [Int](repeating: 0, count: opCount)
        for o in stride(from: opCount - 1, through: 0, by: -1) {
            var lf = orderDue[Int(opOrder[o])]
            for k in Int(succStart[o])..<Int(succStart[o + 1]) { lf = min(lf, ls[Int(succList[k])]) }
            if isFrozen(o) {
                ls[o] = frozenStart[o]
                continue
            }
            var best = Int.min
            for k in Int(eligStart[o])..<Int(eligStart[o + 1]) {
                let d = eligSetup[k] + eligRun[k]
                let wc = Int(unitWC[Int(eligUnit[k])])
                let s = wcCalendar[wc]?.retreat(lf, d) ?? (lf - d)
                best = max(best, s)
            }
            ls[o] = best == Int.min ? lf : best
        }
        return ls
    }
}
