/// A plant's state as the shard engine sees it: a pure state machine that
/// decides on commands and evolves by events. `decide` must not mutate and
/// `apply` must be deterministic, because state after a restart is rebuilt by
/// applying the journaled events in order.
public protocol ShardDomain: Sendable {
    associatedtype Command: Sendable
    associatedtype Event: Sendable
    associatedtype Reply: Sendable
    associatedtype Context: Sendable
    associatedtype Failure: Error

    /// The events that record the command and the answer to give once they are durable.
    func decide(_ command: Command, context: Context) throws(Failure) -> (events: [Event], reply: Reply)
    mutating func apply(_ event: Event)

    /// Events that a standing rule of the domain derives from a command's
    /// `events`, decided on the state with them applied (e.g. reserving
    /// material for the production orders a command created). The shard
    /// journals them right after the command's, in the same batch and so
    /// the same transaction, and applies them. Default: none.
    func reaction(to events: [Event], context: Context) -> [Event]

    /// The command's reply brought up to date with its reaction's events
    /// (applied); called only when there were some. Default: unchanged.
    func refreshed(_ reply: Reply) -> Reply

    /// About how many records a snapshot of this state holds. After a
    /// snapshot, the shard waits at least as many events as it held before
    /// the next, so encoding snapshots costs a bounded number of records per
    /// event however large the state grows, and recovery replays a tail no
    /// longer than the snapshot it starts from. Default: 0 (the shard's
    /// fixed interval alone).
    var snapshotSize: Int { get }
}

extension ShardDomain {
    public func reaction(to events: [Event], context: Context) -> [Event] { [] }
    public func refreshed(_ reply: Reply) -> Reply { reply }
    public var snapshotSize: Int { 0 }
}

/// One journaled event with its place in the shard's sequence.
public struct JournalRecord<Event: Sendable>: Sendable {
    public var seq: Int64
    public var event: Event
    /// The idempotency key or request id of the command that produced it.
    public var commandID: String

    public init(seq: Int64, event: Event, commandID: String) {
        self.seq = seq
        self.event = event
        self.commandID = commandID
    }
}

/// Where a shard's events become durable (PostgreSQL in the daemon, memory in tests).
public protocol JournalSink<Event>: Sendable {
    associatedtype Event: Sendable
    associatedtype State: Sendable
    /// Commits the records in one transaction and calls `completion` once
    /// they are durable or have failed (then none of them is).
    func commit(
        shard: String,
        records: [JournalRecord<Event>],
        completion: @escaping @Sendable (Result<Void, any Error>) -> Void
    )

    /// Saves `state`, the state after the durable record `seq`, so recovery
    /// can start from it. Called on the shard's committed-state thread, which
    /// feeds the commit observer: return at once, and encode and write
    /// later, elsewhere. `state` is a value the sink may keep for that.
    func saveSnapshot(shard: String, seq: Int64, state: State)

    /// The durable records after `seq`, oldest first. Called on the shard's
    /// thread after a failed commit, whose outcome may be unknown (the
    /// connection died during COMMIT), so the shard learns what really stuck.
    func records(shard: String, after seq: Int64) throws -> [JournalRecord<Event>]
}
