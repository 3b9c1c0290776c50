/// What a journal writer has done since it started, for operators and
/// benchmarks: batch size and commit time show how group commit is going.
public struct JournalWriterStatistics: Sendable, Equatable {
    public var transactionsCommitted: UInt64 = 0
    /// Units (shard batches) committed.
    public var unitsCommitted: UInt64 = 0
    public var eventsCommitted: UInt64 = 0
    /// From sending each committed transaction to its COMMIT returning, summed.
    public var commitTime: Duration = .zero
    /// Units that failed (rejected, or lost with the connection).
    public var unitsFailed: UInt64 = 0
    public var connectionsLost: UInt64 = 0

    public init() {}

    mutating func committed(_ units: [JournalUnit], in time: Duration) {
        transactionsCommitted += 1
        unitsCommitted += UInt64(units.count)
        eventsCommitted += units.reduce(0) { $0 + UInt64($1.events.count) }
        commitTime += time
    }
}
