import Foundation
import OMSStore
import XCTest

final class StoreDatabaseTests: XCTestCase {
    func testOpensEmbeddedClusterMigratesAndReusesItAfterARestart() throws {
        let directory = "/tmp/oms-test-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let nonDurable: (inout EmbeddedPostgresConfiguration) -> Void = { $0.durable = false }

        let first: StoreDatabase
        do {
            first = try StoreDatabase.open(
                databaseURL: nil, dataDirectory: directory, environment: [:], embeddedConfiguration: nonDurable)
        } catch {
            throw XCTSkip("cannot start a private PostgreSQL cluster: \(error)")
        }
        XCTAssertEqual(first.appliedMigrations, Migration.all.map(\.version))
        let connection = try PGConnection(connectionString: first.connectionString)
        try connection.execute("INSERT INTO journal_heads (shard, last_seq) VALUES ('kept', 7)")
        connection.close()
        try first.close()

        // Same data directory: the cluster is reused, nothing re-applied, data kept.
        let second = try StoreDatabase.open(
            databaseURL: nil, dataDirectory: directory, environment: [:], embeddedConfiguration: nonDurable)
        defer { try? second.close() }
        XCTAssertEqual(second.appliedMigrations, [])
        let reader = JournalReader(connection: try PGConnection(connectionString: second.connectionString))
        XCTAssertEqual(try reader.lastSeq(shard: "kept"), 7)
        // A daemon that crashed left its cluster running: the next start reuses it.
        let afterCrash = try StoreDatabase.open(
            databaseURL: nil, dataDirectory: directory, environment: [:], embeddedConfiguration: nonDurable)
        XCTAssertEqual(afterCrash.connectionString, second.connectionString)
        XCTAssertEqual(afterCrash.appliedMigrations, [])
        // Unix socket only: no TCP listener configured.
        let listen = try PGConnection(connectionString: second.connectionString).execute("SHOW listen_addresses")
        XCTAssertEqual(listen.string(row: 0, column: 0), "")
    }

    /// PostgreSQL runs inside its cluster directory: a relative data directory
    /// (`omsd --data-dir data`) once put its socket lock file out of reach.
    func testARelativeDataDirectoryIsTakenFromTheWorkingDirectory() {
        let working = FileManager.default.currentDirectoryPath
        XCTAssertEqual(EmbeddedPostgresConfiguration(dataDirectory: "data/p1").dataDirectory, working + "/data/p1")
        XCTAssertEqual(EmbeddedPostgresConfiguration(dataDirectory: "/var/lib/omsd").dataDirectory, "/var/lib/omsd")
    }

    func testExplicitURLWinsOverTheEmbeddedCluster() throws {
        guard let url = ProcessInfo.processInfo.environment["OMS_TEST_DATABASE_URL"], !url.isEmpty else {
            throw XCTSkip("OMS_TEST_DATABASE_URL not set")
        }
        let database = try StoreDatabase.open(databaseURL: url, dataDirectory: "/nonexistent", environment: [:])
        XCTAssertNil(database.embedded)
        XCTAssertEqual(try Migrator().currentVersion(try PGConnection(connectionString: url)), Migrator().latestVersion)
    }
}
