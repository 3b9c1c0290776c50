import CJemalloc
import Foundation
public import Logging
import NIOPosix
public import OMSRPC
import OMSServer
import OMSServices
import OMSStore

/// The whole daemon: database (embedded or external), journal writer, plant
/// shards recovered from the journal, services, listeners.
public final class Daemon: Sendable {
    public let listeners: [String]
    private let server: RPCServer
    private let group: MultiThreadedEventLoopGroup
    private let writer: JournalWriter
    private let snapshots: SnapshotWriter
    private let shards: Shards
    private let transfers: TransferOutbox
    private let database: StoreDatabase
    private let monitor: Task<Void, Never>
    private let sweeper: Task<Void, Never>
    private let statistics: PlannerStatistics
    private let logger: Logger

    /// Starts everything; returns when the daemon accepts connections.
    public init(configuration: DaemonConfiguration, auth: any AuthPolicy, logger: Logger) async throws {
        self.logger = logger
        // Blocking start-up (initdb, pg_ctl, migrations) runs on a thread of its own.
        let database = try await Self.offPool {
            try StoreDatabase.open(databaseURL: configuration.databaseURL, dataDirectory: configuration.dataDirectory, logger: logger)
        }
        self.database = database
        let connectionString = database.connectionString

        writer = JournalWriter(
            connectionString: connectionString,
            configuration: configuration.transactionPerCommand ? .oneTransactionPerUnit : .groupCommit,
            projectionStatements: Shards.projectionStatements,
            logger: logger
        )
        writer.start()
        statistics = PlannerStatistics(connectionString: connectionString, logger: logger)
        statistics.start()
        let snapshots = SnapshotWriter(connectionString: connectionString, logger: logger)
        snapshots.start()
        self.snapshots = snapshots
        let events = OrderEventHub()
        let shards = Shards(
            writer: writer, snapshots: snapshots, connectionString: connectionString, events: events,
            settings: ShardSettings(
                queueCapacity: configuration.plantQueueCapacity,
                snapshotInterval: configuration.snapshotInterval,
                // The baseline commits each command alone, at both levels of group commit.
                maxCommandsPerCommit: configuration.transactionPerCommand ? 1 : .max,
                reservationHold: configuration.reservationHold,
                keyRetention: configuration.keyRetention))
        self.shards = shards
        let recovered = try await Self.offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            // Before any shard runs: nothing books while earlier movements are copied.
            LedgerBackfill.run(connection: connection, logger: logger)
            return try shards.recover(connection: connection, logger: logger)
        }
        logger.info("recovered \(recovered.shards) shards from \(recovered.events) journal events")
        // The replay's decoded pages and snapshot bytes are free now, but the
        // allocator keeps freed pages for reuse: hand them back to the system.
        _ = mallctl("arena.\(MALLCTL_ARENAS_ALL).purge", nil, nil, nil, 0)
        // Every shard is back: register at their destinations the transfers a
        // crash or an outage left shipped but not in transit (ADR 0009).
        let transfers = TransferOutbox(
            backend: shards.plants, skipsInboundStep: configuration.skipsTransferInboundStep,
            report: { logger.notice("\($0)") })
        if await transfers.sweep() > 0 { transfers.scheduleRetry() }
        self.transfers = transfers

        let counters = ServerCounters()
        let environment = ServerEnvironment()
        let writer = self.writer
        environment.journalCounters = { Self.journalCounters(of: writer) }
        let health = HealthRegistry()
        let router = RPCRouter.standard(health: health, environment: environment, counters: counters, auth: auth) { router in
            router.register(InventoryService(
                backend: shards.plants, transfers: transfers, ledger: PlantStockLedger(connectionString: connectionString)))
            router.register(OrderService(backend: shards.plants, catalog: shards.catalog))
            router.register(WatchService(
                hub: events, history: PlantOrderHistory(connectionString: connectionString, plants: shards.plants),
                plants: { shards.plants.plants }))
            router.register(MasterDataService(backend: shards.catalog))
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.ioThreads))
        server = RPCServer(router: router, configuration: configuration.server, counters: counters, group: group, logger: logger)
        listeners = try await server.start()
        environment.listeners = listeners

        let expiry = ExpirySweeper(plants: shards.plants, interval: configuration.expirySweepInterval)
        sweeper = Task { await expiry.run() }

        // The store's health follows the journal writer's connection.
        monitor = Task {
            while !Task.isCancelled {
                if writer.isAvailable {
                    health.set("store", .serving)
                } else {
                    health.set("store", .degraded, reason: "database unreachable: reads are served, writes fail with UNAVAILABLE")
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Drains clients, finishes commits in flight, stops the database.
    public func shutdown() async {
        await server.shutdown(grace: .seconds(5))
        sweeper.cancel()
        transfers.stop()
        await shards.stopAll()
        // It finishes the snapshot it is writing: a blocking wait, kept off the concurrency pool.
        let snapshots = self.snapshots
        _ = try? await Self.offPool { snapshots.stop() }
        monitor.cancel()
        let statistics = self.statistics
        _ = try? await Self.offPool { statistics.stop() }
        writer.stop()
        try? await group.shutdownGracefully()
        do { try database.close() } catch { logger.error("stopping embedded PostgreSQL: \(error)") }
    }

    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
