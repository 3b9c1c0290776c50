internal import Foundation

/// How to run the private PostgreSQL cluster of one data directory.
public struct EmbeddedPostgresConfiguration: Sendable {
    /// The daemon's data directory; the cluster lives in `<dataDirectory>/postgres`.
    /// Always absolute: the server runs inside its cluster directory, where a
    /// relative path (to its socket, say) would point somewhere else.
    public private(set) var dataDirectory: String
    public var databaseName: String
    /// fsync and synchronous_commit on. Durability is the product's promise:
    /// only tests that do not test durability may turn this off.
    public var durable: Bool
    /// Names the socket file (.s.PGSQL.<port>); no TCP listener is opened.
    public var port: Int
    /// Where initdb, pg_ctl and postgres live; nil finds the newest
    /// /usr/lib/postgresql/<version>/bin, then pg_config --bindir.
    public var binDirectory: String?
    /// Extra server settings (name, value), written to the cluster's omsd.conf.
    public var extraSettings: [(String, String)]
    /// The unprivileged account that runs the server when we are root.
    public var serviceUser: String

    public init(
        dataDirectory: String, databaseName: String = "omsd", durable: Bool = true, port: Int = 5432,
        binDirectory: String? = nil, extraSettings: [(String, String)] = [], serviceUser: String = "postgres"
    ) {
        self.dataDirectory =
            dataDirectory.hasPrefix("/")
            ? dataDirectory : FileManager.default.currentDirectoryPath + "/" + dataDirectory
        self.databaseName = databaseName
        self.durable = durable
        self.port = port
        self.binDirectory = binDirectory
        self.extraSettings = extraSettings
        self.serviceUser = serviceUser
    }

    var clusterDirectory: String { dataDirectory + "/postgres" }
    var preferredSocketDirectory: String { dataDirectory + "/run" }
    var serverLogFile: String { dataDirectory + "/postgres.log" }
    var toolLogFile: String { dataDirectory + "/postgres-tools.log" }
}
