/// A production order: a quantity to make through a routing of operations.
public struct ProductionOrder: Sendable, Hashable, Codable {
    /// Unique order identifier.
    public var id: String
    /// Quantity to produce; run times are per unit of this quantity.
    public var quantity: Int
    /// Earliest time any operation of the order may start.
    public var releaseDate: Minutes
    /// Time by which the order should be complete.
    public var dueDate: Minutes
    /// Weight of this order's tardiness (higher is more important), >= 0.
    public var priority: Double
    /// Routing in order. Unless an operation lists its predecessors, it
    /// follows the one before it.
    public var operations: [Operation]

    /// Creates an order.
    public init(
        id: String, quantity: Int = 1, releaseDate: Minutes = 0, dueDate: Minutes, priority: Double = 1,
        operations: [Operation]
    ) {
        self.id = id
        self.quantity = quantity
        self.releaseDate = releaseDate
        self.dueDate = dueDate
        self.priority = priority
        self.operations = operations
    }

    enum CodingKeys: String, CodingKey {
        case id, quantity, releaseDate, dueDate, priority, operations
    }

    /// Decodes with defaults: quantity 1, release 0, priority 1.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        quantity = try c.decodeIfPresent(Int.self, forKey: .quantity) ?? 1
        releaseDate = try c.decodeIfPresent(Minutes.self, forKey: .releaseDate) ?? 0
        dueDate = try c.decode(Minutes.self, forKey: .dueDate)
        priority = try c.decodeIfPresent(Double.self, forKey: .priority) ?? 1
        operations = try c.decode([Operation].self, forKey: .operations)
    }
}

/// One step of a routing.
public struct Operation: Sendable, Hashable, Codable {
    /// Identifier, unique within its order.
    public var id: String
    /// Preferred work center.
    public var workCenter: String
    /// Setup minutes on the preferred work center.
    public var setupMinutes: Minutes
    /// Run minutes per unit of order quantity on the preferred work center.
    public var runMinutesPerUnit: Minutes
    /// Other work centers that can do this operation, with their own times.
    public var alternates: [AlternateRoute]
    /// Ids of operations of the same order that must finish first. `nil`
    /// means "the previous operation in the routing" (none for the first).
    public var predecessors: [String]?
    /// Earliest time the material for this operation is available.
    public var materialAvailableAt: Minutes?
    /// Setup family, used with a work center's setup matrix.
    public var setupFamily: String?
    /// Set when the operation is already released to the floor: it stays
    /// exactly here and the scheduler plans around it.
    public var frozen: FrozenAssignment?

    /// Creates an operation.
    public init(
        id: String, workCenter: String, setupMinutes: Minutes = 0, runMinutesPerUnit: Minutes,
        alternates: [AlternateRoute] = [], predecessors: [String]? = nil, materialAvailableAt: Minutes? = nil,
        setupFamily: String? = nil, frozen: FrozenAssignment? = nil
    ) {
        self.id = id
        self.workCenter = workCenter
        self.setupMinutes = setupMinutes
        self.runMinutesPerUnit = runMinutesPerUnit
        self.alternates = alternates
        self.predecessors = predecessors
        self.materialAvailableAt = materialAvailableAt
        self.setupFamily = setupFamily
        self.frozen = frozen
    }

    enum CodingKeys: String, CodingKey {
        case id, workCenter, setupMinutes, runMinutesPerUnit, alternates, predecessors, materialAvailableAt
        case setupFamily, frozen
    }

    /// Decodes with defaults for optional fields.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        workCenter = try c.decode(String.self, forKey: .workCenter)
        setupMinutes = try c.decodeIfPresent(Minutes.self, forKey: .setupMinutes) ?? 0
        runMinutesPerUnit = try c.decode(Minutes.self, forKey: .runMinutesPerUnit)
        alternates = try c.decodeIfPresent([AlternateRoute].self, forKey: .alternates) ?? []
        predecessors = try c.decodeIfPresent([String].self, forKey: .predecessors)
        materialAvailableAt = try c.decodeIfPresent(Minutes.self, forKey: .materialAvailableAt)
        setupFamily = try c.decodeIfPresent(String.self, forKey: .setupFamily)
        frozen = try c.decodeIfPresent(FrozenAssignment.self, forKey: .frozen)
    }
}

/// An alternate work center for an operation, with its own times.
public struct AlternateRoute: Sendable, Hashable, Codable {
    /// Work center id.
    public var workCenter: String
    /// Setup minutes there.
    public var setupMinutes: Minutes
    /// Run minutes per unit there.
    public var runMinutesPerUnit: Minutes

    /// Creates an alternate.
    public init(workCenter: String, setupMinutes: Minutes = 0, runMinutesPerUnit: Minutes) {
        self.workCenter = workCenter
        self.setupMinutes = setupMinutes
        self.runMinutesPerUnit = runMinutesPerUnit
    }

    enum CodingKeys: String, CodingKey { case workCenter, setupMinutes, runMinutesPerUnit }

    /// Decodes; `setupMinutes` defaults to 0.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workCenter = try c.decode(String.self, forKey: .workCenter)
        setupMinutes = try c.decodeIfPresent(Minutes.self, forKey: .setupMinutes) ?? 0
        runMinutesPerUnit = try c.decode(Minutes.self, forKey: .runMinutesPerUnit)
    }
}

/// Where and when a frozen operation runs. The scheduler never moves it.
public struct FrozenAssignment: Sendable, Hashable, Codable {
    /// Work center it runs on.
    public var workCenter: String
    /// Unit index within the work center (0-based).
    public var unit: Int
    /// Start time.
    public var start: Minutes
    /// (Expected) end time.
    public var end: Minutes

    /// Creates a frozen assignment.
    public init(workCenter: String, unit: Int = 0, start: Minutes, end: Minutes) {
        self.workCenter = workCenter
        self.unit = unit
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey { case workCenter, unit, start, end }

    /// Decodes; `unit` defaults to 0.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workCenter = try c.decode(String.self, forKey: .workCenter)
        unit = try c.decodeIfPresent(Int.self, forKey: .unit) ?? 0
        start = try c.decode(Minutes.self, forKey: .start)
        end = try c.decode(Minutes.self, forKey: .end)
    }
}
