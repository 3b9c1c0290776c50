extension Scheduler {
    /// Applies an event to the model and repairs the plan: every operation
    /// keeps its unit and its place in its unit's sequence, and times are
    /// recomputed, so operations move only as far as the event forces them
    /// (later after a delay, earlier after an early finish). Returns the new
    /// scheduler, the repaired plan and the diff.
    public func replan(_ plan: Plan, after event: PlanEvent) throws(ModelError) -> RepairResult {
        precondition(plan.problem === problem, "plan belongs to another scheduler")
        var model = problem.model
        func orderIndex(_ id: String) throws(ModelError) -> Int {
            guard let i = problem.orderIndex[id] else { throw .invalidValue("unknown order \(id)") }
            return i
        }
        func opIndex(_ oi: Int, _ id: String) throws(ModelError) -> Int {
            guard let k = model.orders[oi].operations.firstIndex(where: { $0.id == id }) else {
                throw .invalidValue("order \(model.orders[oi].id): unknown operation \(id)")
            }
            return k
        }
        switch event {
        case .downtime(let wc, let range):
            guard let w = model.workCenters.firstIndex(where: { $0.id == wc }) else {
                throw .invalidValue("unknown work center \(wc)")
            }
            model.workCenters[w].downtime.append(range)
        case .operationStarted(let order, let operation, let wc, let unit, let start, let end):
            let oi = try orderIndex(order)
            let k = try opIndex(oi, operation)
            model.orders[oi].operations[k].frozen = FrozenAssignment(workCenter: wc, unit: unit, start: start, end: end)
        case .operationEndChanged(let order, let operation, let end):
            let oi = try orderIndex(order)
            let k = try opIndex(oi, operation)
            if var f = model.orders[oi].operations[k].frozen {
                f.end = max(f.start, end)
                model.orders[oi].operations[k].frozen = f
            } else {
                // Not started in the model yet: freeze it where the plan has it.
                let o = problem.orderOpStart[oi] + k
                let (wc, unit) = problem.unitName(Int(plan.sequencing.unitOf[o]))
                model.orders[oi].operations[k].frozen = FrozenAssignment(
                    workCenter: wc, unit: unit, start: plan.start[o], end: max(plan.start[o], end))
            }
        case .scrap(let order, let extra):
            let oi = try orderIndex(order)
            guard extra >= 0 else { throw .invalidValue("scrap quantity must be >= 0") }
            model.orders[oi].quantity += extra
        case .materialDelay(let order, let operation, let at):
            let oi = try orderIndex(order)
            let k = try opIndex(oi, operation)
            model.orders[oi].operations[k].materialAvailableAt = at
        case .orderCancelled(let order):
            let oi = try orderIndex(order)
            // Work already on the floor stays as a fact; the rest goes.
            let started = model.orders[oi].operations.filter { $0.frozen != nil }
            if started.isEmpty {
                model.orders.remove(at: oi)
            } else {
                model.orders[oi].operations = started.map { var s = $0; s.predecessors = []; return s }
                model.orders[oi].priority = 0
            }
        }
        let np = try Problem.compile(model)
        // Map operations by (order id, operation id).
        var oldIndex = [Int](repeating: -1, count: np.opCount)
        var newIndexOfOld = [Int](repeating: -1, count: problem.opCount)
        for ni in 0..<np.orderIDs.count {
            guard let oi = problem.orderIndex[np.orderIDs[ni]] else { continue }
            let sameShape = np.orderOpStart[ni + 1] - np.orderOpStart[ni] == problem.orderOpStart[oi + 1] - problem.orderOpStart[oi]
            for o in np.orderOpStart[ni]..<np.orderOpStart[ni + 1] {
                let q: Int? =
                    sameShape
                    ? problem.orderOpStart[oi] + (o - np.orderOpStart[ni])
                    : problem.locate(order: np.orderIDs[ni], operation: np.opIDs[o])
                if let q {
                    oldIndex[o] = q
                    newIndexOfOld[q] = o
                }
            }
        }
        var unitOf = [Int32](repeating: -1, count: np.opCount)
        for o in 0..<np.opCount {
            if np.isFrozen(o) {
                unitOf[o] = np.frozenUnit[o]
            } else if oldIndex[o] >= 0 {
                unitOf[o] = plan.sequencing.unitOf[oldIndex[o]]
            } else {
                unitOf[o] = np.eligUnit[Int(np.eligStart[o])]
            }
        }
        var seqs = [[Int32]](repeating: [], count: np.unitCount)
        for u in 0..<min(np.unitCount, plan.sequencing.seqs.count) {
            for q in plan.sequencing.seqs[u] {
                let o = newIndexOfOld[Int(q)]
                if o >= 0 && !np.isFrozen(o) { seqs[u].append(Int32(o)) }
            }
        }
        let ns = Scheduler(problem: np, objective: objective)
        let newPlan = ns.plan(Sequencing(unitOf: unitOf, seqs: seqs))
        return RepairResult(scheduler: ns, plan: newPlan, diff: PlanDiff(old: plan, new: newPlan, oldIndex: oldIndex))
    }
}
