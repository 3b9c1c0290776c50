import Foundation
import OMSStore
import XCTest

final class JournalWriterTests: XCTestCase {
    nonisolated(unsafe) static var database: TestDatabase?

    override class func setUp() {
        database = try? TestDatabase.make().migrated()
    }

    override class func tearDown() {
        database?.shutdown()
    }

    private func db() throws -> TestDatabase {
        try XCTUnwrap(Self.database, "test database did not start")
    }

    private func startedWriter(_ configuration: GroupCommitConfiguration = .groupCommit) throws -> JournalWriter {
        let writer = JournalWriter(connectionString: try db().connectionString, configuration: configuration)
        XCTAssertTrue(writer.start(), "writer did not connect")
        return writer
    }

    /// Against the real writer: units submitted while a commit runs are
    /// committed together in the next transaction, projected by one call.
    func testUnitsQueuedWhileACommitRunsAreProjectedTogether() throws {
        let writer = try startedWriter()
        defer { writer.stop() }
        let shard = uniqueShard()
        let calls = LockedValue<[ProjectionCall]>([])
        let slowCommitStarted = DispatchSemaphore(value: 0)

        let firstBox = ResultBox()
        try writer.submit(
            JournalUnit(
                shard: shard, events: [event(1)],
                projection: GateProjection(started: slowCommitStarted, statement: .sql("SELECT pg_sleep(0.3)", parameters: []))
            ) { firstBox.set($0) })
        XCTAssertEqual(slowCommitStarted.wait(timeout: .now() + 30), .success, "the writer never took the first unit")

        let boxes = (2...4).map { _ in ResultBox() }
        for (offset, box) in boxes.enumerated() {
            let seq = Int64(offset + 2)
            try writer.submit(
                JournalUnit(shard: shard, events: [event(seq)], projection: RecordingProjection(id: Int(seq), calls: calls)) {
                    box.set($0)
                })
        }

        XCTAssertEqual(try XCTUnwrap(firstBox.wait()).get().batchUnits, 1)
        for box in boxes {
            XCTAssertEqual(try XCTUnwrap(box.wait()).get().batchUnits, 3, "the three units were not committed together")
        }
        XCTAssertEqual(calls.get(), [ProjectionCall(shard: shard, first: 2, later: [3, 4])])
        XCTAssertEqual(try journalSeqs(db().connect(), shard: shard), [1, 2, 3, 4])
    }

    func testAcknowledgesOnlyAfterCommitAndTheRowsAreThere() throws {
        let writer = try startedWriter()
        defer { writer.stop() }
        let shard = uniqueShard()
        let observer = try db().connect()
        let seenAtAck = LockedValue<[Int64]>([])
        let order = PGStatement.sql(
            """
            INSERT INTO orders (shard, order_id, source_system, external_order_id, customer, plant, state, priority,
                                expedited, due_at, version, received_at, updated_at, updated_seq)
            VALUES ($1, $2, 'erp', 'PO-1', 'ACME', $1, $3, 50, false, now(), 1, now(), now(), $4)
            """,
            parameters: [.text(shard), .text("SO-1"), .text("accepted"), .int64(2)])
        let box = ResultBox()
        let connectionString = try db().connectionString
        try writer.submit(
            JournalUnit(shard: shard, events: [event(1), event(2)], projection: FixedStatements([order])) { result in
                // Another connection sees the rows when the ack runs: it came after COMMIT.
                let other = try? PGConnection(connectionString: connectionString)
                seenAtAck.set(other.flatMap { try? journalSeqs($0, shard: shard) } ?? [])
                box.set(result)
            })
        let result = try XCTUnwrap(box.wait())
        XCTAssertNoThrow(try result.get())
        XCTAssertEqual(seenAtAck.get(), [1, 2])

        let orders = try observer.execute("SELECT state FROM orders WHERE shard = $1", [.text(shard)])
        XCTAssertEqual(orders.count, 1)
        XCTAssertEqual(orders.string(row: 0, column: 0), "accepted")
        let stored = try observer.execute(
            "SELECT event_type, payload, command_id FROM journal WHERE shard = $1 AND seq = 2", [.text(shard)],
            binaryResults: true)
        XCTAssertEqual(stored.string(row: 0, column: 0), "OrderSubmitted")
        XCTAssertEqual(stored.rows[0][1], event(2).payload)
        XCTAssertEqual(stored.string(row: 0, column: 2), "cmd-2")
    }

    func testDuplicateSeqFailsOnlyItsUnitAndLeavesNothingHalfApplied() throws {
        let shard = uniqueShard()
        let setup = try startedWriter()
        XCTAssertNoThrow(try submitAndWait(setup, shard, events: [event(1), event(2)]).get())
        setup.stop()

        // Linger long enough that all three units travel in one batch.
        let writer = try startedWriter(GroupCommitConfiguration(minBatchUnits: 3, maxLinger: .seconds(30)))
        defer { writer.stop() }
        let innocentBefore = uniqueShard(), innocentAfter = uniqueShard()
        let boxes = (ResultBox(), ResultBox(), ResultBox())
        let alert = PGStatement.sql(
            "INSERT INTO alerts (shard, alert_id, severity, kind, message, raised_at, updated_seq) "
                + "VALUES ($1, $2, 'high', 'late', 'x', now(), 3)",
            parameters: [.text(shard), .text("A-1")])
        try writer.submit(JournalUnit(shard: innocentBefore, events: [event(1)]) { boxes.0.set($0) })
        // seq 2 exists already: the primary key refuses it.
        try writer.submit(JournalUnit(shard: shard, events: [event(2)], projection: FixedStatements([alert])) { boxes.1.set($0) })
        try writer.submit(JournalUnit(shard: innocentAfter, events: [event(1)]) { boxes.2.set($0) })

        XCTAssertNoThrow(try XCTUnwrap(boxes.0.wait()).get())
        XCTAssertNoThrow(try XCTUnwrap(boxes.2.wait()).get())
        switch try XCTUnwrap(boxes.1.wait()) {
        case .success: XCTFail("duplicate seq was accepted")
        case .failure(let error):
            XCTAssertEqual(error.kind, .rejected)
            XCTAssertEqual(error.sqlState, "23505")
        }
        let check = try db().connect()
        XCTAssertEqual(try journalSeqs(check, shard: shard), [1, 2])
        XCTAssertEqual(try journalSeqs(check, shard: innocentBefore), [1])
        XCTAssertEqual(try journalSeqs(check, shard: innocentAfter), [1])
        let alerts = try check.execute("SELECT 1 FROM alerts WHERE shard = $1", [.text(shard)])
        XCTAssertEqual(alerts.count, 0, "projection of the failed unit was applied")

        // The batch was rolled back and retried unit by unit: two commits, one failure.
        let totals = writer.statistics
        XCTAssertEqual(totals.transactionsCommitted, 2)
        XCTAssertEqual(totals.unitsCommitted, 2)
        XCTAssertEqual(totals.eventsCommitted, 2)
        XCTAssertEqual(totals.unitsFailed, 1)
        XCTAssertEqual(totals.connectionsLost, 0)
    }

    func testUnitIsAllOrNothingWhenItsProjectionFails() throws {
        let writer = try startedWriter()
        defer { writer.stop() }
        let shard = uniqueShard()
        let badProjection = PGStatement.sql(
            "INSERT INTO order_lines (shard, order_id, line_id, item, quantity, unit, due_at, plant) "
                + "VALUES ($1, 'some-order', '10', NULL, 5, 'pc', now(), $1)",
            parameters: [.text(shard)])
        let result = submitAndWait(writer, shard, events: [event(1), event(2)], projections: [badProjection])
        guard case .failure(let error) = result else { return XCTFail("a line without an item was accepted") }
        XCTAssertEqual(error.kind, .rejected)
        XCTAssertEqual(error.sqlState, "23502")
        XCTAssertEqual(try journalSeqs(try db().connect(), shard: shard), [])
        // The journal continues where it really is: seq 1 is still free.
        XCTAssertNoThrow(try submitAndWait(writer, shard, events: [event(1)]).get())
    }

    func testGapInAShardsJournalIsRefused() throws {
        let writer = try startedWriter()
        defer { writer.stop() }
        let shard = uniqueShard()
        XCTAssertNoThrow(try submitAndWait(writer, shard, events: [event(1)]).get())
        guard case .failure(let error) = submitAndWait(writer, shard, events: [event(3)]) else {
            return XCTFail("gap accepted")
        }
        XCTAssertEqual(error.kind, .rejected)
        XCTAssertEqual(error.sqlState, "OM001")
        XCTAssertEqual(try journalSeqs(try db().connect(), shard: shard), [1])
    }

    func testThousandConcurrentSubmissionsAreAllAckedAndStoredExactlyOnce() throws {
        let writer = try startedWriter()
        defer { writer.stop() }
        let prefix = "conc-\(UUID().uuidString.prefix(8))"
        let acked = LockedValue(0)
        let failures = LockedValue<[String]>([])
        let group = DispatchGroup()
        // 100 shards, 10 units each; each shard's units are submitted in order
        // from one thread while 100 threads submit at once.
        DispatchQueue.concurrentPerform(iterations: 100) { shardIndex in
            for seq in Int64(1)...10 {
                group.enter()
                do {
                    try writer.submit(JournalUnit(shard: "\(prefix)-\(shardIndex)", events: [event(seq)]) { result in
                        switch result {
                        case .success: acked.update { $0 += 1 }
                        case .failure(let error): failures.update { $0.append("\(error)") }
                        }
                        group.leave()
                    })
                } catch {
                    failures.update { $0.append("submit: \(error)") }
                    group.leave()
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 120), .success, "completions missing")
        XCTAssertEqual(failures.get(), [])
        XCTAssertEqual(acked.get(), 1000)

        let check = try db().connect()
        let rows = try check.execute(
            "SELECT count(*), count(DISTINCT (shard, seq)) FROM journal WHERE shard LIKE $1", [.text(prefix + "-%")])
        XCTAssertEqual(rows.int64(row: 0, column: 0), 1000)
        XCTAssertEqual(rows.int64(row: 0, column: 1), 1000)
        let perShard = try check.execute(
            "SELECT count(*) FROM (SELECT shard FROM journal WHERE shard LIKE $1 GROUP BY shard "
                + "HAVING count(*) = 10 AND min(seq) = 1 AND max(seq) = 10) AS complete",
            [.text(prefix + "-%")])
        XCTAssertEqual(perShard.int64(row: 0, column: 0), 100)

        // Every unit counted once, in at most as many transactions as units.
        let totals = writer.statistics
        XCTAssertEqual(totals.unitsCommitted, 1000)
        XCTAssertEqual(totals.eventsCommitted, 1000)
        XCTAssertGreaterThanOrEqual(totals.transactionsCommitted, 1)
        XCTAssertLessThanOrEqual(totals.transactionsCommitted, 1000)
        XCTAssertGreaterThan(totals.commitTime, .zero)
        XCTAssertEqual(totals.unitsFailed, 0)
    }
}

/// A value shared between the test thread and completion callbacks.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&value) } }
}

final class JournalWriterLifecycleTests: XCTestCase {
    func testStopCommitsWhatIsQueuedThenRefuses() throws {
        let database: TestDatabase
        do { database = try TestDatabase.make().migrated() } catch { throw XCTSkip("no database: \(error)") }
        defer { database.shutdown() }
        // A long linger keeps units queued until stop() flushes them.
        let writer = JournalWriter(
            connectionString: database.connectionString,
            configuration: GroupCommitConfiguration(minBatchUnits: 1000, maxLinger: .seconds(60)))
        XCTAssertTrue(writer.start())
        let shard = uniqueShard()
        let boxes = (1...5).map { _ in ResultBox() }
        for (index, box) in boxes.enumerated() {
            try writer.submit(JournalUnit(shard: shard, events: [event(Int64(index + 1))]) { box.set($0) })
        }
        writer.stop()
        for box in boxes { XCTAssertNoThrow(try XCTUnwrap(box.wait(seconds: 1)).get()) }
        XCTAssertEqual(try journalSeqs(try database.connect(), shard: shard), [1, 2, 3, 4, 5])
        XCTAssertThrowsError(try writer.submit(JournalUnit(shard: shard, events: [event(6)]) { _ in })) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .shutDown)
        }
        writer.stop()  // a second stop returns
    }

    func testWriterWithoutDatabaseRefusesAtOnce() {
        let writer = JournalWriter(
            connectionString: "host=/nonexistent-dir dbname=x",
            configuration: GroupCommitConfiguration(initialBackoff: .milliseconds(10)))
        XCTAssertFalse(writer.start(timeout: .milliseconds(50)))
        XCTAssertThrowsError(try writer.submit(JournalUnit(shard: "s", events: [event(1)]) { _ in })) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .unavailable)
        }
        writer.stop()
    }
}
