/// A complete, decoded plan: every operation with its unit, start and end.
///
/// Plans are immutable values; the engine produces new ones. A plan belongs to
/// the `Scheduler` (model) that made it.
public struct Plan: Sendable {
    let problem: Problem
    let sequencing: Sequencing
    let start: [Int]
    let end: [Int]
    let setup: [Int]
    let ready: [Int]
    let binding: [Binding]
    let bindOp: [Int32]
    /// The objective of this plan.
    public let objective: ObjectiveBreakdown

    init(problem: Problem, sequencing: Sequencing, decoder d: ScheduleDecoder, weights: Objective) {
        self.problem = problem
        self.sequencing = sequencing
        start = d.start
        end = d.end
        setup = d.setup
        ready = d.ready
        binding = d.binding
        bindOp = d.bindOp
        objective = problem.breakdown(d, weights)
    }

    /// Number of operations in the plan.
    public var operationCount: Int { problem.opCount }

    /// Latest end of any operation.
    public var makespan: Minutes { objective.makespan }

    /// Every operation, grouped by order in routing order.
    public var operations: [ScheduledOperation] {
        (0..<problem.opCount).map(scheduledOperation)
    }

    func scheduledOperation(_ o: Int) -> ScheduledOperation {
        let (wc, unit) = problem.unitName(Int(sequencing.unitOf[o]))
        return ScheduledOperation(
            order: problem.orderIDs[Int(problem.opOrder[o])], operation: problem.opIDs[o], workCenter: wc,
            unit: unit, start: start[o], end: end[o], setupMinutes: setup[o], frozen: problem.isFrozen(o))
    }

    /// The scheduled operation with these ids, if present.
    public func operation(order: String, operation: String) -> ScheduledOperation? {
        problem.locate(order: order, operation: operation).map(scheduledOperation)
    }

    /// Projected completion, lateness and its causes for every order.
    public var orders: [OrderOutcome] {
        (0..<problem.orderIDs.count).map(outcome)
    }

    /// The outcome for one order, if present.
    public func order(_ id: String) -> OrderOutcome? {
        problem.orderIndex[id].map(outcome)
    }

    /// Operations per work center unit in start order.
    public var workCenterLoads: [WorkCenterSchedule] {
        var out: [WorkCenterSchedule] = []
        var perUnit = [[Int]](repeating: [], count: problem.unitCount)
        for o in 0..<problem.opCount { perUnit[Int(sequencing.unitOf[o])].append(o) }
        for u in 0..<problem.unitCount {
            let ops = perUnit[u].sorted { (start[$0], $0) < (start[$1], $1) }
            let (wc, unit) = problem.unitName(u)
            out.append(WorkCenterSchedule(workCenter: wc, unit: unit, operations: ops.map(scheduledOperation)))
        }
        return out
    }

    /// A Codable snapshot of the plan.
    public func report() -> PlanReport {
        PlanReport(objective: objective, orders: orders, operations: operations)
    }
}

/// One operation in a plan.
public struct ScheduledOperation: Sendable, Hashable, Codable {
    /// Order id.
    public var order: String
    /// Operation id within the order.
    public var operation: String
    /// Work center that runs it.
    public var workCenter: String
    /// Unit within the work center (0-based).
    public var unit: Int
    /// Start (the setup, if any, comes first).
    public var start: Minutes
    /// End.
    public var end: Minutes
    /// Setup minutes included at the start.
    public var setupMinutes: Minutes
    /// Whether the operation is frozen (released to the floor).
    public var frozen: Bool

    /// Creates a scheduled operation (used to validate plans from outside).
    public init(
        order: String, operation: String, workCenter: String, unit: Int, start: Minutes, end: Minutes,
        setupMinutes: Minutes = 0, frozen: Bool = false
    ) {
        self.order = order
        self.operation = operation
        self.workCenter = workCenter
        self.unit = unit
        self.start = start
        self.end = end
        self.setupMinutes = setupMinutes
        self.frozen = frozen
    }
}

/// The schedule of one unit of a work center.
public struct WorkCenterSchedule: Sendable, Hashable, Codable {
    /// Work center id.
    public var workCenter: String
    /// Unit index.
    public var unit: Int
    /// Operations in start order.
    public var operations: [ScheduledOperation]
}

/// Why an order is late. Minutes on the order's critical chain attributed to each.
public enum LatenessCause: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a busy work center (other orders or frozen work).
    case capacity
    /// Waiting for material.
    case material
    /// Waiting for work already on the floor (frozen operations of the order).
    case upstreamDelay
    /// Non-working time (shifts, holidays) on the chain.
    case calendar
    /// Reported downtime of a work center on the chain.
    case downtime
}

/// Projected outcome of one order.
public struct OrderOutcome: Sendable, Hashable, Codable {
    /// Order id.
    public var order: String
    /// Due date.
    public var dueDate: Minutes
    /// Projected completion (end of its last operation).
    public var completion: Minutes
    /// completion - dueDate (negative: early).
    public var lateness: Minutes
    /// For late orders: minutes of delay per cause along the critical chain.
    public var causes: [LatenessCause: Minutes]
    /// For late orders: the cause with the most minutes.
    public var primaryCause: LatenessCause?
}

/// A Codable snapshot of a plan.
public struct PlanReport: Sendable, Hashable, Codable {
    /// Objective of the plan.
    public var objective: ObjectiveBreakdown
    /// Orders with projected completion.
    public var orders: [OrderOutcome]
    /// All operations.
    public var operations: [ScheduledOperation]
}
