import Foundation
import OMSStore
import Synchronization
import XCTest

/// Snapshots saved off the commit path: each write keeps only the newest
/// snapshot of its shard, and stop() returns once the thread is done.
final class SnapshotWriterTests: XCTestCase {
    nonisolated(unsafe) static var database: TestDatabase?

    override class func setUp() {
        database = try? TestDatabase.make().migrated()
    }

    override class func tearDown() {
        database?.shutdown()
    }

    private func snapshots(_ connection: PGConnection, _ shard: String) throws -> [Int64] {
        let rows = try connection.execute("SELECT seq FROM snapshots WHERE shard = $1 ORDER BY seq", [.text(shard)])
        return (0..<rows.count).compactMap { rows.int64(row: $0, column: 0) }
    }

    /// A started writer on the test database, a connection to check with, and a shard of its own.
    private func startedWriter() throws -> (connection: PGConnection, writer: SnapshotWriter, shard: String) {
        let database = try XCTUnwrap(Self.database, "test database did not start")
        let writer = SnapshotWriter(connectionString: database.connectionString)
        writer.start()
        return (try database.connect(), writer, uniqueShard())
    }

    /// Waits (bounded) until the shard's snapshots are `expected`.
    private func waitFor(_ expected: [Int64], _ connection: PGConnection, _ shard: String) throws -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if try snapshots(connection, shard) == expected { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    func testKeepsTheNewestSnapshotOfAShard() throws {
        let (connection, writer, shard) = try startedWriter()
        let other = uniqueShard()

        writer.save(shard: shard, seq: 10) { [1, 2, 3] }
        writer.save(shard: other, seq: 7) { [7] }
        XCTAssertTrue(try waitFor([10], connection, shard))
        writer.save(shard: shard, seq: 20) { [4, 5] }
        XCTAssertTrue(try waitFor([20], connection, shard), "the older snapshot is deleted with the newer one's write")
        XCTAssertEqual(try snapshots(connection, other), [7], "other shards keep theirs")

        let latest = try XCTUnwrap(try JournalReader(connection: connection).latestSnapshot(shard: shard))
        XCTAssertEqual(latest.seq, 20)
        XCTAssertEqual(latest.payload, [4, 5])
        writer.stop()
        // Nothing is written after stop.
        writer.save(shard: shard, seq: 30) { [9] }
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(try snapshots(connection, shard), [20])
    }

    /// `save` returns before the encode runs: the shard's committed-state
    /// thread, which feeds watch streams, never waits for a large encode.
    func testEncodesOnItsOwnThreadAfterSaveReturned() throws {
        let (connection, writer, shard) = try startedWriter()
        defer { writer.stop() }
        let saveReturned = DispatchSemaphore(value: 0)
        let encodeSawTheReturn = Mutex<Bool?>(nil)

        writer.save(shard: shard, seq: 5) {
            // Called inside save(), this would wait out the timeout.
            let returned = saveReturned.wait(timeout: .now() + 5) == .success
            encodeSawTheReturn.withLock { $0 = returned }
            return [5]
        }
        saveReturned.signal()
        XCTAssertTrue(try waitFor([5], connection, shard))
        XCTAssertEqual(encodeSawTheReturn.withLock { $0 }, true, "the encode ran only after save() returned")
    }

    /// Large snapshots are compressed with lz4 (migration 8), and read back whole.
    func testLargeSnapshotsAreCompressedWithLZ4() throws {
        let (connection, writer, shard) = try startedWriter()
        defer { writer.stop() }
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251 / 7) }

        writer.save(shard: shard, seq: 1) { payload }
        XCTAssertTrue(try waitFor([1], connection, shard))
        let rows = try connection.execute(
            "SELECT pg_column_compression(payload), pg_column_size(payload) FROM snapshots WHERE shard = $1", [.text(shard)])
        XCTAssertEqual(rows.string(row: 0, column: 0), "lz4")
        XCTAssertLessThan(try XCTUnwrap(rows.int64(row: 0, column: 1)), Int64(payload.count / 4), "stored compressed")
        XCTAssertEqual(try JournalReader(connection: connection).latestSnapshot(shard: shard)?.payload, payload)
    }
}
