import Foundation
import OMSStore

/// A database for one test class: `OMS_TEST_DATABASE_URL` when set, else a
/// private cluster started through `EmbeddedPostgres` in a temporary
/// directory (fsync off: these tests do not test durability).
final class TestDatabase {
    let connectionString: String
    let embedded: EmbeddedPostgres?
    let directory: String?

    static func make(forceEmbedded: Bool = false) throws -> TestDatabase {
        if !forceEmbedded, let url = ProcessInfo.processInfo.environment["OMS_TEST_DATABASE_URL"], !url.isEmpty {
            return TestDatabase(connectionString: url, embedded: nil, directory: nil)
        }
        // Short path: the Unix socket lives inside it.
        let directory = "/tmp/oms-test-\(UUID().uuidString.prefix(8))"
        let embedded = try EmbeddedPostgres.start(
            EmbeddedPostgresConfiguration(dataDirectory: directory, databaseName: "omstest", durable: false))
        return TestDatabase(connectionString: embedded.connectionString, embedded: embedded, directory: directory)
    }

    private init(connectionString: String, embedded: EmbeddedPostgres?, directory: String?) {
        self.connectionString = connectionString
        self.embedded = embedded
        self.directory = directory
    }

    func connect() throws -> PGConnection {
        try PGConnection(connectionString: connectionString)
    }

    /// A connection whose search_path is a new, empty schema.
    func connectToFreshSchema() throws -> (PGConnection, String) {
        let connection = try connect()
        let schema = "t_" + UUID().uuidString.prefix(8).lowercased()
        // Test-made identifier of hex digits: safe to splice.
        try connection.execute("CREATE SCHEMA " + schema)
        try connection.execute("SELECT set_config('search_path', $1, false)", [.text(schema)])
        return (connection, schema)
    }

    func migrated() throws -> TestDatabase {
        let connection = try connect()
        try Migrator().migrate(connection)
        return self
    }

    func shutdown() {
        try? embedded?.stop()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

/// A shard name no other test uses.
func uniqueShard(_ prefix: String = "plant") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(12))"
}

/// Submits and blocks until the completion runs (or 60 s pass: a hang is a
/// failure, not a measurement).
func submitAndWait(_ writer: JournalWriter, _ shard: String, events: [JournalEvent], projections: [PGStatement] = [])
    -> Result<JournalAck, StoreError>
{
    let box = ResultBox()
    do {
        try writer.submit(
            JournalUnit(shard: shard, events: events, projection: FixedStatements(projections)) { result in box.set(result) })
    } catch {
        return .failure(error)
    }
    return box.wait() ?? .failure(StoreError(kind: .unavailable, message: "test: no completion within 60 s"))
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<JournalAck, StoreError>?

    func set(_ value: Result<JournalAck, StoreError>) {
        lock.withLock { result = value }
        done.signal()
    }

    func wait(seconds: Double = 60) -> Result<JournalAck, StoreError>? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return lock.withLock { result }
    }
}

func event(_ seq: Int64, _ type: String = "OrderSubmitted") -> JournalEvent {
    JournalEvent(seq: seq, type: type, payload: Array("payload-\(seq)".utf8) + [0, 255, 1], commandID: "cmd-\(seq)")
}

func journalSeqs(_ connection: PGConnection, shard: String) throws -> [Int64] {
    let rows = try connection.execute("SELECT seq FROM journal WHERE shard = $1 ORDER BY seq", [.text(shard)])
    return (0..<rows.count).compactMap { rows.int64(row: $0, column: 0) }
}
