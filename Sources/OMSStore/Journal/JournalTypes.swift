/// One state change of a shard, as the journal stores it.
public struct JournalEvent: Sendable, Hashable {
    /// Position in the shard's journal: 1, 2, 3 ... without gaps.
    public var seq: Int64
    public var type: String
    public var payload: [UInt8]
    /// The command (idempotency key) that produced the event, if any.
    public var commandID: String?

    public init(seq: Int64, type: String, payload: [UInt8], commandID: String? = nil) {
        self.seq = seq
        self.type = type
        self.payload = payload
        self.commandID = commandID
    }
}

/// A serialized shard state that covers the journal up to `seq`.
public struct ShardSnapshot: Sendable, Hashable {
    public var seq: Int64
    public var payload: [UInt8]

    public init(seq: Int64, payload: [UInt8]) {
        self.seq = seq
        self.payload = payload
    }
}

/// What a successful commit tells the submitter.
public struct JournalAck: Sendable, Hashable {
    /// Units committed in the same transaction (1 without group commit).
    public var batchUnits: Int
}

/// The work of one command (or several of one shard): its events, the
/// projection rows they change and optionally a snapshot, all committed in
/// one transaction with other units, or not at all.
public struct JournalUnit: Sendable {
    public typealias Completion = @Sendable (Result<JournalAck, StoreError>) -> Void

    public var shard: String
    /// Must continue the shard's journal: the first seq is one past the last
    /// committed (or queued) one.
    public var events: [JournalEvent]
    /// Keeps the query tables (orders, stock ...) in step with `events`.
    public var projection: (any JournalProjection)?
    public var snapshot: ShardSnapshot?
    /// Called once, on the writer thread, after COMMIT returned (or the unit
    /// failed). Keep it short: hand the result to the shard's queue.
    public var completion: Completion

    public init(
        shard: String, events: [JournalEvent], projection: (any JournalProjection)? = nil,
        snapshot: ShardSnapshot? = nil, completion: @escaping Completion
    ) {
        self.shard = shard
        self.events = events
        self.projection = projection
        self.snapshot = snapshot
        self.completion = completion
    }
}
