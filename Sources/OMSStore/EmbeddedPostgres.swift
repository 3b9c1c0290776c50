internal import Foundation
public import Logging
internal import Synchronization

/// A private PostgreSQL cluster inside the daemon's data directory: created on
/// first start, reached only through a Unix socket (no TCP), run by an
/// unprivileged user when we are root, and stopped with `stop()`. A cluster
/// left running by a crashed daemon is reused; a stale postmaster.pid is
/// cleared by PostgreSQL itself when its process is gone.
public final class EmbeddedPostgres: Sendable {
    public let configuration: EmbeddedPostgresConfiguration
    /// libpq connection string for the daemon's database.
    public let connectionString: String
    public let socketDirectory: String
    private let binDirectory: String
    private let runner: ProcessRunner
    private let stopped = Mutex(false)

    /// Starts (or reuses) the cluster and creates the database if needed.
    /// Blocking: call it from a thread of its own or at start-up.
    public static func start(
        _ configuration: EmbeddedPostgresConfiguration, logger: Logger = Logger(label: "oms.store.embedded")
    ) throws(StoreError) -> EmbeddedPostgres {
        do {
            return try EmbeddedPostgres(configuration, logger: logger)
        } catch let error as StoreError {
            throw error
        } catch let failure as ProcessRunner.Failure {
            throw StoreError(
                kind: .embeddedServer, message: "PostgreSQL tool exited with \(failure.status): \(failure.output)")
        } catch {
            throw StoreError(kind: .embeddedServer, message: "embedded PostgreSQL: \(error)")
        }
    }

    private init(_ configuration: EmbeddedPostgresConfiguration, logger: Logger) throws {
        self.configuration = configuration
        try Self.validate(configuration)
        binDirectory = try configuration.binDirectory ?? Self.findBinDirectory()
        let asRoot = geteuid() == 0
        let serviceUser = asRoot ? configuration.serviceUser : nil
        runner = ProcessRunner(runAsUser: serviceUser, logFile: configuration.toolLogFile)
        socketDirectory = Self.socketDirectory(for: configuration)
        connectionString = ConnectionString.make([
            "host": socketDirectory, "port": String(configuration.port),
            "dbname": configuration.databaseName, "user": "postgres",
        ])

        let files = FileManager.default
        try files.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        for directory in [configuration.clusterDirectory, socketDirectory] {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        }
        if let serviceUser {
            try Self.handOver(
                [configuration.clusterDirectory, socketDirectory, configuration.serverLogFile], to: serviceUser)
            // A data directory under a private parent (e.g. /root) is owned
            // by the service user but unreachable for it: say so plainly.
            for directory in [configuration.clusterDirectory, socketDirectory]
            where try runner.run("/usr/bin/test", ["-w", directory, "-a", "-x", directory]) != 0 {
                throw StoreError(
                    kind: .embeddedServer,
                    message: "user \(serviceUser) cannot reach \(directory): make its parent directories "
                        + "traversable (chmod o+x) or choose a data directory outside private homes")
            }
        }

        if !files.fileExists(atPath: configuration.clusterDirectory + "/PG_VERSION") {
            logger.info("initialising PostgreSQL cluster", metadata: ["dir": "\(configuration.clusterDirectory)"])
            var arguments = ["-D", configuration.clusterDirectory, "-U", "postgres", "-E", "UTF8", "--no-locale", "-A", "trust"]
            if !configuration.durable { arguments.append("--no-sync") }
            try runner.runChecked(binDirectory + "/initdb", arguments)
            try Self.appendInclude(to: configuration.clusterDirectory + "/postgresql.conf")
        }
        try writeSettings()
        if let serviceUser {
            try Self.handOver([configuration.clusterDirectory + "/omsd.conf"], to: serviceUser)
        }

        if try runner.run(binDirectory + "/pg_ctl", ["status", "-D", configuration.clusterDirectory]) == 0 {
            logger.info("reusing running PostgreSQL cluster", metadata: ["dir": "\(configuration.clusterDirectory)"])
            // Pick up changed settings (a restart-only setting keeps its old value).
            _ = try? runner.run(binDirectory + "/pg_ctl", ["reload", "-D", configuration.clusterDirectory])
        } else {
            logger.info("starting PostgreSQL cluster", metadata: ["socket": "\(socketDirectory)"])
            try runner.runChecked(
                binDirectory + "/pg_ctl",
                ["start", "-D", configuration.clusterDirectory, "-w", "-t", "120", "-l", configuration.serverLogFile])
        }
        try createDatabaseIfMissing()
    }

    /// Stops the cluster (fast shutdown: sessions end, nothing committed is
    /// lost). Safe to call twice.
    public func stop() throws(StoreError) {
        let alreadyStopped = stopped.withLock { value in
            defer { value = true }
            return value
        }
        if alreadyStopped { return }
        do {
            try runner.runChecked(
                binDirectory + "/pg_ctl", ["stop", "-D", configuration.clusterDirectory, "-m", "fast", "-w"])
        } catch {
            throw StoreError(kind: .embeddedServer, message: "pg_ctl stop failed: \(error)")
        }
    }

    /// Starts a cluster that was stopped with `stop()` (used by tests of
    /// database outages). Blocking.
    public func restart() throws(StoreError) {
        do {
            try runner.runChecked(
                binDirectory + "/pg_ctl",
                ["start", "-D", configuration.clusterDirectory, "-w", "-t", "120", "-l", configuration.serverLogFile])
            stopped.withLock { $0 = false }
        } catch {
            throw StoreError(kind: .embeddedServer, message: "pg_ctl start failed: \(error)")
        }
    }

    private func writeSettings() throws {
        var settings: [(String, String)] = [
            ("listen_addresses", ""),
            ("unix_socket_directories", socketDirectory),
            ("unix_socket_permissions", "0700"),
            ("port", String(configuration.port)),
            ("fsync", configuration.durable ? "on" : "off"),
            ("synchronous_commit", configuration.durable ? "on" : "off"),
            ("full_page_writes", configuration.durable ? "on" : "off"),
            ("max_connections", "50"),
        ]
        settings += configuration.extraSettings
        let text = settings.map { "\($0.0) = \(Self.quoteSetting($0.1))" }.joined(separator: "\n") + "\n"
        try text.write(toFile: configuration.clusterDirectory + "/omsd.conf", atomically: true, encoding: .utf8)
    }

    private func createDatabaseIfMissing() throws {
        let adminString = ConnectionString.make([
            "host": socketDirectory, "port": String(configuration.port), "dbname": "postgres", "user": "postgres",
        ])
        let admin = try PGConnection(connectionString: adminString)
        defer { admin.close() }
        let existing = try admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = $1", [.text(configuration.databaseName)])
        if existing.count == 0 {
            // Identifiers cannot be parameters; the name was validated and is quoted.
            try admin.execute("CREATE DATABASE " + Self.quoteIdentifier(configuration.databaseName))
        }
    }
}
