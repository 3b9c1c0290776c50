/// Something that happened on the shop floor or in the supply chain.
public enum PlanEvent: Sendable, Hashable, Codable {
    /// A work center is down in `range` (all its units).
    case downtime(workCenter: String, range: TimeRange)
    /// An operation was started on the floor: it is frozen from now on.
    case operationStarted(order: String, operation: String, workCenter: String, unit: Int, start: Minutes, expectedEnd: Minutes)
    /// A started (or planned) operation will finish at `expectedEnd`, early or late.
    case operationEndChanged(order: String, operation: String, expectedEnd: Minutes)
    /// Scrap: the order needs `additionalQuantity` more units on its operations not yet started.
    case scrap(order: String, additionalQuantity: Int)
    /// Material for an operation arrives at `availableAt`.
    case materialDelay(order: String, operation: String, availableAt: Minutes)
    /// The order is cancelled: its operations not yet started are removed.
    case orderCancelled(order: String)
}
