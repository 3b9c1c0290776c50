import Foundation
import OMSStore
import XCTest

final class EmbeddedPostgresCrashTests: XCTestCase {
    /// The server was killed (a stale postmaster.pid remains): the next start
    /// recovers the cluster and keeps what was committed.
    func testStartsAgainAfterTheServerWasKilled() throws {
        let directory = "/tmp/oms-test-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Durable: with synchronous_commit off even a process crash loses the
        // last commits (WAL still in shared memory), which this test would see.
        let configuration = EmbeddedPostgresConfiguration(dataDirectory: directory, durable: true)
        let first: EmbeddedPostgres
        do { first = try EmbeddedPostgres.start(configuration) } catch { throw XCTSkip("no PostgreSQL: \(error)") }
        let connection = try PGConnection(connectionString: first.connectionString)
        try connection.execute("CREATE TABLE survived (id int)")
        try connection.execute("INSERT INTO survived VALUES (42)")
        connection.close()

        let pidFile = directory + "/postgres/postmaster.pid"
        let pidText = try String(contentsOfFile: pidFile, encoding: .utf8)
        let pid = try XCTUnwrap(pidText.split(separator: "\n").first.flatMap { pid_t($0) })
        XCTAssertEqual(kill(pid, SIGKILL), 0)
        for _ in 0..<500 where kill(pid, 0) == 0 { usleep(10_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: pidFile), "stale postmaster.pid expected")

        let second = try EmbeddedPostgres.start(configuration)
        defer { try? second.stop() }
        let rows = try PGConnection(connectionString: second.connectionString).execute("SELECT id FROM survived")
        XCTAssertEqual(rows.int64(row: 0, column: 0), 42)
    }
}
