/// Priority rules for the constructive (dispatching) pass.
public enum DispatchRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Most work remaining in the order first (good for makespan).
    case mostWorkRemaining
    /// Shortest operation first.
    case shortestProcessingTime
    /// Earliest due date first.
    case earliestDueDate
    /// Least slack against the backward-scheduled latest start, by priority.
    case minimumSlack
    /// Apparent tardiness cost (weighted, look-ahead).
    case apparentTardinessCost
}
