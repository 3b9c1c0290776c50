/// A work center: one or more identical units (machines, lines, crews) with a
/// shared calendar and optional sequence-dependent setups.
public struct WorkCenter: Sendable, Hashable, Codable {
    /// Identifier referenced by operations.
    public var id: String
    /// Number of identical units that can each run one operation at a time.
    public var capacity: Int
    /// Calendar id; `nil` means the work center runs around the clock.
    public var calendarID: String?
    /// Unplanned or planned downtime: no work happens in these ranges.
    public var downtime: [TimeRange]
    /// Sequence-dependent setup times. When non-empty, the setup of an
    /// operation depends on the family of the operation before it on the same
    /// unit: an entry here wins, the same family needs no setup, and otherwise
    /// the operation's own setup applies. When empty, setups are fixed.
    public var setupMatrix: [SetupTransition]
    /// Setup family the units are in at the start of the plan, if known.
    public var initialFamily: String?

    /// Creates a work center.
    public init(
        id: String, capacity: Int = 1, calendarID: String? = nil, downtime: [TimeRange] = [],
        setupMatrix: [SetupTransition] = [], initialFamily: String? = nil
    ) {
        self.id = id
        self.capacity = capacity
        self.calendarID = calendarID
        self.downtime = downtime
        self.setupMatrix = setupMatrix
        self.initialFamily = initialFamily
    }

    enum CodingKeys: String, CodingKey {
        case id, capacity, calendarID, downtime, setupMatrix, initialFamily
    }

    /// Decodes with defaults for every field but `id`.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        capacity = try c.decodeIfPresent(Int.self, forKey: .capacity) ?? 1
        calendarID = try c.decodeIfPresent(String.self, forKey: .calendarID)
        downtime = try c.decodeIfPresent([TimeRange].self, forKey: .downtime) ?? []
        setupMatrix = try c.decodeIfPresent([SetupTransition].self, forKey: .setupMatrix) ?? []
        initialFamily = try c.decodeIfPresent(String.self, forKey: .initialFamily)
    }
}

/// Setup time when a unit changes over from one setup family to another.
public struct SetupTransition: Sendable, Hashable, Codable {
    /// Family of the previous operation on the unit.
    public var from: String
    /// Family of the next operation.
    public var to: String
    /// Setup minutes for this changeover.
    public var minutes: Minutes

    /// Creates a changeover entry.
    public init(from: String, to: String, minutes: Minutes) {
        self.from = from
        self.to = to
        self.minutes = minutes
    }
}
