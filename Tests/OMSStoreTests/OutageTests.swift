import Foundation
import OMSStore
import XCTest

/// PostgreSQL stops under a stream of submissions and comes back. Uses a
/// private cluster of its own even when OMS_TEST_DATABASE_URL is set: the
/// test must be able to stop the server.
final class OutageTests: XCTestCase {
    func testFailsFastWhileDownThenResumesByItselfAndLosesNothingAcked() throws {
        let database: TestDatabase
        do {
            database = try TestDatabase.make(forceEmbedded: true).migrated()
        } catch {
            throw XCTSkip("cannot start a private PostgreSQL cluster: \(error)")
        }
        defer { database.shutdown() }
        let embedded = try XCTUnwrap(database.embedded)
        let writer = JournalWriter(
            connectionString: database.connectionString,
            configuration: GroupCommitConfiguration(initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200)))
        XCTAssertTrue(writer.start())
        defer { writer.stop() }

        let shard = uniqueShard()
        let producer = Producer(writer: writer, shard: shard, connectionString: database.connectionString)
        let thread = Thread { producer.run() }
        thread.start()

        XCTAssertTrue(producer.waitFor { $0.acked.count >= 50 }, "no progress before the outage")
        try embedded.stop()
        XCTAssertTrue(producer.waitFor { !$0.failures.isEmpty }, "no failure while PostgreSQL was down")
        // A submission made while down fails at once or through its completion.
        switch submitAndWait(writer, shard, events: [event(1_000_000)]) {
        case .success: XCTFail("accepted while PostgreSQL is down")
        case .failure(let error): XCTAssertEqual(error.kind, .unavailable)
        }
        let ackedBeforeRestart = producer.snapshot().acked.count
        try embedded.restart()
        XCTAssertTrue(
            producer.waitFor { $0.acked.count >= ackedBeforeRestart + 50 }, "writer did not resume after restart")
        producer.finish()

        let state = producer.snapshot()
        XCTAssertTrue(state.failures.allSatisfy { $0 == .unavailable }, "unexpected failures \(state.failures)")
        let stored = try journalSeqs(try database.connect(), shard: shard)
        XCTAssertTrue(Set(state.acked).isSubset(of: Set(stored)), "an acknowledged event is missing")
        XCTAssertEqual(stored, Array(1...(stored.last ?? 0)), "journal has gaps or duplicates")
    }
}

/// Submits one unit at a time for one shard, like a shard writer would:
/// after a failure it re-reads where the journal really is and continues.
final class Producer: @unchecked Sendable {
    struct State {
        var acked: [Int64] = []
        var failures: [StoreError.Kind] = []
        var finished = false
    }

    let writer: JournalWriter
    let shard: String
    let connectionString: String
    private let condition = NSCondition()
    private var state = State()
    private let done = DispatchSemaphore(value: 0)

    init(writer: JournalWriter, shard: String, connectionString: String) {
        self.writer = writer
        self.shard = shard
        self.connectionString = connectionString
    }

    func run() {
        var next: Int64 = 1
        while !snapshot().finished {
            switch submitAndWait(writer, shard, events: [event(next)]) {
            case .success:
                record { $0.acked.append(next) }
                next += 1
            case .failure(let error):
                record { $0.failures.append(error.kind) }
                next = resync()
            }
        }
        done.signal()
    }

    /// After a failure the outcome of the last commit may be unknown: wait for
    /// the database and read the shard's head.
    private func resync() -> Int64 {
        while !snapshot().finished {
            if writer.isAvailable, let connection = try? PGConnection(connectionString: connectionString),
                let last = try? JournalReader(connection: connection).lastSeq(shard: shard)
            {
                return last + 1
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return 0
    }

    func snapshot() -> State {
        condition.lock()
        defer { condition.unlock() }
        return state
    }

    private func record(_ change: (inout State) -> Void) {
        condition.lock()
        change(&state)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits (up to 60 s; a hang fails the test) for a condition on the state.
    func waitFor(_ predicate: (State) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: 60)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(state) {
            if !condition.wait(until: deadline) { return predicate(state) }
        }
        return true
    }

    func finish() {
        record { $0.finished = true }
        _ = done.wait(timeout: .now() + 60)
    }
}
