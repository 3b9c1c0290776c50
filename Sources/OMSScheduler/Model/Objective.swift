/// Weights of the plan objective. The engine minimises
/// `tardiness * Σ priority·tardiness + makespan * makespan
///  + setup * Σ setup + wip * Σ (completion - first start)`, all in minutes.
public struct Objective: Sendable, Hashable, Codable {
    /// Weight of priority-weighted tardiness.
    public var tardiness: Double
    /// Weight of the makespan (latest end of any operation).
    public var makespan: Double
    /// Weight of total setup time.
    public var setup: Double
    /// Weight of work in progress (sum of order flow times on the floor).
    public var wip: Double

    /// Creates an objective.
    public init(tardiness: Double = 0, makespan: Double = 0, setup: Double = 0, wip: Double = 0) {
        self.tardiness = tardiness
        self.makespan = makespan
        self.setup = setup
        self.wip = wip
    }

    /// A sensible default for order plans: tardiness first, then flow.
    public static let standard = Objective(tardiness: 100, makespan: 1, setup: 1, wip: 0.01)
    /// Pure makespan, as in job-shop benchmarks.
    public static let makespanOnly = Objective(makespan: 1)
}

/// The parts of the objective for one plan.
public struct ObjectiveBreakdown: Sendable, Hashable, Codable {
    /// Σ priority × tardiness over orders.
    public var weightedTardiness: Double
    /// Number of late orders.
    public var lateOrders: Int
    /// Latest end of any operation.
    public var makespan: Minutes
    /// Σ setup minutes.
    public var totalSetup: Minutes
    /// Σ (order completion - order's first start).
    public var wip: Minutes
    /// The weighted sum that the engine minimises.
    public var cost: Double
}
