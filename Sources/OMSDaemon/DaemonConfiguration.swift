public import OMSServer

/// Everything the daemon is told at start-up.
public struct DaemonConfiguration: Sendable {
    public var server: ServerConfiguration
    /// Where the embedded PostgreSQL cluster lives (when no database URL is given).
    public var dataDirectory: String
    /// An existing PostgreSQL server (libpq connection string or URL); nil runs the embedded one.
    public var databaseURL: String?
    /// One transaction per command instead of group commit: the benchmark baseline.
    public var transactionPerCommand = false
    /// Commands a plant's queue holds before refusing with RESOURCE_EXHAUSTED:
    /// about a second of work for the shard. The queue is a ring of preallocated
    /// slots of a few hundred bytes each, so this bounds its memory too.
    public var plantQueueCapacity = 8_192
    /// A plant's state is snapshotted with the commit that passes this many
    /// events since the last snapshot (or as many as it held records, if more).
    public var snapshotInterval: Int64 = Self.defaultSnapshotInterval
    /// About four seconds of replay on a two-core machine: with it, recovery
    /// stays well inside ten seconds, and a plant's state is not re-encoded
    /// every few seconds under sustained load (ADR 0006).
    public static let defaultSnapshotInterval: Int64 = 1_000_000
    /// How long a Reserve without expires_at (and not firm) holds stock; nil = until released.
    public var reservationHold: Double?
    /// How long idempotency keys of inventory mutations are kept after first use; nil = forever.
    public var keyRetention: Double? = 86_400
    /// How often each plant returns the stock of expired reservations.
    public var expirySweepInterval: Duration = .seconds(1)
    public var ioThreads: Int
    /// Fault injection for tests only: Transfer stops after shipping, as if
    /// the daemon died before registering it at the destination.
    public var skipsTransferInboundStep = false

    public init(server: ServerConfiguration, dataDirectory: String, databaseURL: String?, ioThreads: Int) {
        self.server = server
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.ioThreads = ioThreads
    }
}
