/// What changed between two plans. Operation lists are built on access, so
/// a diff is cheap to make even when much of the plan moved.
public struct PlanDiff: Sendable {
    private let old: Plan
    private let new: Plan
    /// New indices of moved operations paired with their old indices.
    private let moved: [(new: Int32, old: Int32)]
    private let added: [Int32]
    /// Orders present in both plans whose projected completion changed.
    public let changedOrders: [OrderDateChange]
    /// Orders only in the old plan.
    public let removedOrders: [String]

    /// Number of operations that moved.
    public var movedCount: Int { moved.count }

    /// Operations present in both plans whose work center, unit, start or end changed.
    public var movedOperations: [OperationChange] {
        moved.map { OperationChange(before: old.scheduledOperation(Int($0.old)), after: new.scheduledOperation(Int($0.new))) }
    }

    /// Operations only in the new plan.
    public var addedOperations: [ScheduledOperation] { added.map { new.scheduledOperation(Int($0)) } }

    /// True when nothing changed.
    public var isEmpty: Bool { moved.isEmpty && changedOrders.isEmpty && added.isEmpty && removedOrders.isEmpty }

    /// Compares `old` and `new`; `oldIndex[o]` is the old index of new operation `o` or -1.
    init(old: Plan, new: Plan, oldIndex: [Int]) {
        self.old = old
        self.new = new
        var moved: [(new: Int32, old: Int32)] = []
        var added: [Int32] = []
        let ou = old.sequencing.unitOf, nu = new.sequencing.unitOf
        let os = old.start, oe = old.end, ns = new.start, ne = new.end
        for o in 0..<new.problem.opCount {
            let q = oldIndex[o]
            if q < 0 {
                added.append(Int32(o))
                continue
            }
            // Unit indices are the same in both problems (work centers do not change).
            if os[q] != ns[o] || oe[q] != ne[o] || ou[q] != nu[o] { moved.append((Int32(o), Int32(q))) }
        }
        var changed: [OrderDateChange] = []
        var removed: [String] = []
        let sameOrders = new.problem.orderIDs.count >= old.problem.orderIDs.count
        for oi in 0..<old.problem.orderIDs.count {
            // Orders are appended or removed, never reordered: try the same index first.
            let id = old.problem.orderIDs[oi]
            let ni: Int
            if sameOrders && new.problem.orderIDs[oi] == id {
                ni = oi
            } else if let j = new.problem.orderIndex[id] {
                ni = j
            } else {
                removed.append(id)
                continue
            }
            let before = old.completion(ofOrder: oi)
            let after = new.completion(ofOrder: ni)
            if before != after { changed.append(OrderDateChange(order: id, before: before, after: after)) }
        }
        self.moved = moved
        self.added = added
        changedOrders = changed
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
