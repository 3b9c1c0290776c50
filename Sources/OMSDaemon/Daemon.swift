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
    private let plants: PlantShards
    private let embedded: EmbeddedPostgres?
    private let monitor: Task<Void, Never>
    private let logger: Logger

    /// Starts everything; returns when the daemon accepts connections.
    public init(configuration: DaemonConfiguration, auth: any AuthPolicy, logger: Logger) async throws {
        self.logger = logger
        let connectionString: String
        if let url = configuration.databaseURL {
            embedded = nil
            connectionString = url
        } else {
            let cluster = try EmbeddedPostgres.start(EmbeddedPostgresConfiguration(dataDirectory: configuration.dataDirectory), logger: logger)
            embedded = cluster
            connectionString = cluster.connectionString
        }

        let connection = try PGConnection(connectionString: connectionString)
        defer { connection.close() }
        let applied = try Migrator().migrate(connection)
        if !applied.isEmpty { logger.info("applied schema migrations \(applied)") }

        writer = JournalWriter(
            connectionString: connectionString,
            configuration: configuration.transactionPerCommand ? .oneTransactionPerUnit : .groupCommit,
            logger: logger
        )
        writer.start()
        let journal = InventoryJournal(writer: writer, connectionString: connectionString)
        plants = PlantShards(journal: journal, queueCapacity: configuration.plantQueueCapacity)
        let recovered = try plants.recover(connection: connection, logger: logger)
        logger.info("recovered \(recovered.plants) plants from \(recovered.events) journal events")

        let counters = ServerCounters()
        let environment = ServerEnvironment()
        let health = HealthRegistry()
        let plants = self.plants
        let router = RPCRouter.standard(health: health, environment: environment, counters: counters, auth: auth) { router in
            router.register(InventoryService(backend: plants))
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.ioThreads))
        server = RPCServer(router: router, configuration: configuration.server, counters: counters, group: group, logger: logger)
        listeners = try await server.start()
        environment.listeners = listeners

        // The store's health follows the journal writer's connection.
        let writer = self.writer
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
        await plants.stopAll()
        monitor.cancel()
        writer.stop()
        try? await group.shutdownGracefully()
        if let embedded {
            do { try embedded.stop() } catch { logger.error("stopping embedded PostgreSQL: \(error)") }
        }
    }
}
