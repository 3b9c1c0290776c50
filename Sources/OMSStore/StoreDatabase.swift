internal import Foundation
public import Logging

/// Where the daemon's database is, resolved once at start-up: an explicit
/// URL (`--database-url`), else `OMS_DATABASE_URL`, else the embedded
/// cluster in the data directory. Opening also brings the schema up to date
/// and refuses a schema newer than this build (`.schemaTooNew`).
public final class StoreDatabase: Sendable {
    public let connectionString: String
    /// The private cluster, when we run one (stopped by `close()`).
    public let embedded: EmbeddedPostgres?
    /// Migrations applied by this start (empty when already up to date).
    public let appliedMigrations: [Int]

    /// Blocking: run it at start-up, not on an event loop.
    public static func open(
        databaseURL: String?, dataDirectory: String, environment: [String: String]? = nil,
        embeddedConfiguration: ((inout EmbeddedPostgresConfiguration) -> Void)? = nil,
        logger: Logger = Logger(label: "oms.store")
    ) throws(StoreError) -> StoreDatabase {
        let variables = environment ?? ProcessInfo.processInfo.environment
        let url = [databaseURL, variables["OMS_DATABASE_URL"]].compactMap { $0 }.first { !$0.isEmpty }
        var embedded: EmbeddedPostgres?
        let connectionString: String
        if let url {
            connectionString = url
        } else {
            var configuration = EmbeddedPostgresConfiguration(dataDirectory: dataDirectory)
            embeddedConfiguration?(&configuration)
            let server = try EmbeddedPostgres.start(configuration, logger: logger)
            embedded = server
            connectionString = server.connectionString
        }
        do {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            let applied = try Migrator().migrate(connection)
            if !applied.isEmpty { logger.info("applied schema migrations", metadata: ["versions": "\(applied)"]) }
            return StoreDatabase(connectionString: connectionString, embedded: embedded, appliedMigrations: applied)
        } catch {
            try? embedded?.stop()
            throw error
        }
    }

    private init(connectionString: String, embedded: EmbeddedPostgres?, appliedMigrations: [Int]) {
        self.connectionString = connectionString
        self.embedded = embedded
        self.appliedMigrations = appliedMigrations
    }

    /// Stops the embedded cluster, if any. Stop the journal writers first.
    public func close() throws(StoreError) {
        try embedded?.stop()
    }
}
