extension Scheduler {
    /// Checks a plan made by this scheduler against every constraint.
    public func validate(_ plan: Plan) -> [Violation] {
        Validator(p: plan.problem).check(
            unitOf: plan.sequencing.unitOf, start: plan.start, end: plan.end,
            present: [Bool](repeating: true, count: plan.problem.opCount))
    }

    /// Checks a list of scheduled operations (from anywhere) against the model.
    public func validate(_ operations: [ScheduledOperation]) -> [Violation] {
        let p = problem
        var unitOf = [Int32](repeating: -1, count: p.opCount)
        var start = [Int](repeating: 0, count: p.opCount)
        var end = [Int](repeating: 0, count: p.opCount)
        var present = [Bool](repeating: false, count: p.opCount)
        var extra: [Violation] = []
        for s in operations {
            guard let o = p.locate(order: s.order, operation: s.operation), let wc = p.wcIndex[s.workCenter],
                s.unit >= 0, s.unit < p.model.workCenters[wc].capacity
            else {
                extra.append(
                    Violation(
                        kind: .unknownOperation, order: s.order, operation: s.operation,
                        detail: "unknown operation or work center unit"))
                continue
            }
            unitOf[o] = p.wcFirstUnit[wc] + Int32(s.unit)
            start[o] = s.start
            end[o] = s.end
            present[o] = true
        }
        return extra + Validator(p: p).check(unitOf: unitOf, start: start, end: end, present: present)
    }
}
