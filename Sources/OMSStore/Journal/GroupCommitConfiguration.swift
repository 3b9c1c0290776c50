/// Bounds of the group-commit writer.
public struct GroupCommitConfiguration: Sendable {
    /// Most units committed in one transaction. 1 gives the one transaction
    /// per mutation baseline.
    public var maxBatchUnits: Int
    /// Submissions beyond this many queued units are refused (`.overloaded`).
    public var maxQueuedUnits: Int
    /// Commit as soon as this many units are queued ...
    public var minBatchUnits: Int
    /// ... or the oldest queued unit has waited this long for company.
    public var maxLinger: Duration
    /// Reconnect backoff: doubles from `initial` up to `max`.
    public var initialBackoff: Duration
    public var maxBackoff: Duration

    public init(
        maxBatchUnits: Int = 512, maxQueuedUnits: Int = 65_536, minBatchUnits: Int = 1,
        maxLinger: Duration = .milliseconds(1), initialBackoff: Duration = .milliseconds(50),
        maxBackoff: Duration = .seconds(2)
    ) {
        self.maxBatchUnits = max(1, maxBatchUnits)
        self.maxQueuedUnits = max(1, maxQueuedUnits)
        self.minBatchUnits = max(1, minBatchUnits)
        self.maxLinger = maxLinger
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// Group commit: take whatever is queued when the previous commit returns.
    public static let groupCommit = GroupCommitConfiguration()

    /// The baseline: one transaction per unit, otherwise identical.
    public static let oneTransactionPerUnit = GroupCommitConfiguration(maxBatchUnits: 1)

    func backoff(attempt: Int) -> Duration {
        var delay = initialBackoff
        for _ in 0..<min(attempt, 30) where delay < maxBackoff { delay = delay * 2 }
        return min(delay, maxBackoff)
    }
}
