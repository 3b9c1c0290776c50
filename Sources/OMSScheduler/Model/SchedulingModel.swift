/// Everything the engine schedules: work centers, calendars and orders.
public struct SchedulingModel: Sendable, Hashable, Codable {
    /// Shift calendars referenced by work centers.
    public var calendars: [WorkCalendar]
    /// Work centers (resources).
    public var workCenters: [WorkCenter]
    /// Production orders to plan.
    public var orders: [ProductionOrder]

    /// Creates a model.
    public init(calendars: [WorkCalendar] = [], workCenters: [WorkCenter], orders: [ProductionOrder]) {
        self.calendars = calendars
        self.workCenters = workCenters
        self.orders = orders
    }

    enum CodingKeys: String, CodingKey { case calendars, workCenters, orders }

    /// Decodes; `calendars` may be omitted.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        calendars = try c.decodeIfPresent([WorkCalendar].self, forKey: .calendars) ?? []
        workCenters = try c.decode([WorkCenter].self, forKey: .workCenters)
        orders = try c.decode([ProductionOrder].self, forKey: .orders)
    }
}

/// Why a model cannot be scheduled.
public enum ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateID(String)
    case unknownWorkCenter(order: String, operation: String, workCenter: String)
    case unknownCalendar(workCenter: String, calendar: String)
    case unknownPredecessor(order: String, operation: String, predecessor: String)
    case cyclicRouting(order: String)
    case invalidValue(String)

    public var description: String {
        switch self {
        case .duplicateID(let id): "duplicate id \(id)"
        case .unknownWorkCenter(let o, let op, let wc): "order \(o) operation \(op): unknown work center \(wc)"
        case .unknownCalendar(let wc, let cal): "work center \(wc): unknown calendar \(cal)"
        case .unknownPredecessor(let o, let op, let p): "order \(o) operation \(op): unknown predecessor \(p)"
        case .cyclicRouting(let o): "order \(o): routing has a cycle"
        case .invalidValue(let s): s
        }
    }
}
