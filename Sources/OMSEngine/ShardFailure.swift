/// Why a shard did not carry out a command.
public enum ShardFailure<DomainFailure: Error>: Error, Sendable where DomainFailure: Sendable {
    /// The domain refused it (validation, precondition, shortage).
    case rejected(DomainFailure)
    /// Too many commands queued: the client should back off.
    case overloaded(capacity: Int)
    /// The journal could not make it durable; nothing of it was kept.
    case unavailable(String)
    /// The shard is shutting down.
    case stopped
}
