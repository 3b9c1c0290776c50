/// Applies pending migrations at start-up: each in its own transaction, under
/// an advisory lock so two daemons starting together do not race, recorded in
/// `schema_migrations`. Running it again does nothing.
public struct Migrator: Sendable {
    /// Arbitrary constant: the advisory lock key for migrations.
    static let lockKey: Int64 = 0x6F6D_7364_6D69_67  // "omsdmig"
    public var migrations: [Migration]

    public init(migrations: [Migration] = Migration.all) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the schema up to date; returns the versions it applied. Throws
    /// `.schemaTooNew` when the database is ahead of this build.
    @discardableResult
    public func migrate(_ connection: PGConnection) throws(StoreError) -> [Int] {
        try connection.execute("SELECT pg_advisory_lock($1)", [.int64(Self.lockKey)])
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [.int64(Self.lockKey)]) }
        try connection.executeScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedVersions(connection)
        if let newest = applied.keys.max(), newest > latestVersion {
            throw StoreError(
                kind: .schemaTooNew,
                message: "database schema is at version \(newest) (\(applied[newest] ?? "?")) but this omsd "
                    + "knows versions up to \(latestVersion): upgrade omsd or use another database")
        }
        var ran: [Int] = []
        for migration in migrations where applied[migration.version] == nil {
            try apply(migration, on: connection)
            ran.append(migration.version)
        }
        return ran
    }

    /// The version the database is at (0 when empty).
    public func currentVersion(_ connection: PGConnection) throws(StoreError) -> Int {
        let exists = try connection.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
        guard exists.string(row: 0, column: 0) == "t" else { return 0 }
        let rows = try connection.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return Int(rows.int64(row: 0, column: 0) ?? 0)
    }

    private func appliedVersions(_ connection: PGConnection) throws(StoreError) -> [Int: String] {
        let rows = try connection.execute("SELECT version, name FROM schema_migrations")
        var versions: [Int: String] = [:]
        for row in 0..<rows.count {
            if let version = rows.int64(row: row, column: 0) {
                versions[Int(version)] = rows.string(row: row, column: 1) ?? ""
            }
        }
        return versions
    }

    private func apply(_ migration: Migration, on connection: PGConnection) throws(StoreError) {
        try connection.execute("BEGIN")
        do {
            try connection.executeScript(migration.sql)
            try connection.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                [.int32(Int32(migration.version)), .text(migration.name)])
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw StoreError(
                kind: error.kind, sqlState: error.sqlState,
                message: "migration \(migration.version) (\(migration.name)) failed: \(error.message)")
        }
    }
}
