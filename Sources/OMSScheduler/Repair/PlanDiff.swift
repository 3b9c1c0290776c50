/// What changed between two plans.
public struct PlanDiff: Sendable, Hashable, Codable {
    /// Operations present in both plans whose work center, unit, start or end changed.
    public var movedOperations: [OperationChange]
    /// Orders present in both plans whose projected completion changed.
    public var changedOrders: [OrderDateChange]
    /// Operations only in the new plan.
    public var addedOperations: [ScheduledOperation]
    /// Orders only in the old plan.
    public var removedOrders: [String]

    /// True when nothing changed.
    public var isEmpty: Bool {
        movedOperations.isEmpty && changedOrders.isEmpty && addedOperations.isEmpty && removedOrders.isEmpty
    }

    /// Compares `old` and `new`; `oldIndex[o]` is the old index of new operation `o` or -1.
    init(old: Plan, new: Plan, oldIndex: [Int]) {
        var moved: [OperationChange] = []
        var added: [ScheduledOperation] = []
        var seen = [Bool](repeating: false, count: old.problem.opCount)
        for o in 0..<new.problem.opCount {
            let q = oldIndex[o]
            if q < 0 {
                added.append(new.scheduledOperation(o))
                continue
            }
            seen[q] = true
            let ou = old.problem.unitName(Int(old.sequencing.unitOf[q]))
            let nu = new.problem.unitName(Int(new.sequencing.unitOf[o]))
            if old.start[q] != new.start[o] || old.end[q] != new.end[o] || ou != nu {
                moved.append(OperationChange(before: old.scheduledOperation(q), after: new.scheduledOperation(o)))
            }
        }
        var changed: [OrderDateChange] = []
        var removed: [String] = []
        for oi in 0..<old.problem.orderIDs.count {
            let id = old.problem.orderIDs[oi]
            guard let ni = new.problem.orderIndex[id] else {
                removed.append(id)
                continue
            }
            let before = old.completion(ofOrder: oi)
            let after = new.completion(ofOrder: ni)
            if before != after { changed.append(OrderDateChange(order: id, before: before, after: after)) }
        }
        _ = seen
        movedOperations = moved
        changedOrders = changed
        addedOperations = added
        removedOrders = removed
    }
}

/// An operation before and after a change.
public struct OperationChange: Sendable, Hashable, Codable {
    /// Where and when it was.
    public var before: ScheduledOperation
    /// Where and when it is now.
    public var after: ScheduledOperation
}

/// An order whose projected completion changed.
public struct OrderDateChange: Sendable, Hashable, Codable {
    /// Order id.
    public var order: String
    /// Old projected completion.
    public var before: Minutes
    /// New projected completion.
    public var after: Minutes

    /// Creates a change record.
    public init(order: String, before: Minutes, after: Minutes) {
        self.order = order
        self.before = before
        self.after = after
    }
}

extension Plan {
    func completion(ofOrder oi: Int) -> Int {
        var c = Int.min
        for o in problem.orderOpStart[oi]..<problem.orderOpStart[oi + 1] where end[o] > c { c = end[o] }
        return c
    }
}

/// A repaired plan, the scheduler for the changed model, and what moved.
public struct RepairResult: Sendable {
    /// Scheduler for the model after the change (use it for further work).
    public var scheduler: Scheduler
    /// The repaired plan; improve it further with `scheduler.improve`.
    public var plan: Plan
    /// What moved compared with the plan before the change.
    public var diff: PlanDiff
}
