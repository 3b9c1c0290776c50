import OMSStore
import XCTest

final class RecoveryTests: XCTestCase {
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

    private func varied(_ seq: Int64) -> JournalEvent {
        // Payloads of varied length, including empty and all byte values.
        let payload = (0..<Int(seq % 300)).map { UInt8(truncatingIfNeeded: Int($0) &* 31 &+ Int(seq)) }
        return JournalEvent(
            seq: seq, type: seq.isMultiple(of: 2) ? "StockReserved" : "OrderAmended", payload: payload,
            commandID: seq.isMultiple(of: 3) ? nil : "cmd-\(seq)")
    }

    func testRecoveryReadsLatestSnapshotThenTheTailInOrder() throws {
        let writer = JournalWriter(connectionString: try db().connectionString)
        XCTAssertTrue(writer.start())
        let shard = uniqueShard()
        let written = (Int64(1)...3000).map(varied)
        let snapshotAt: Int64 = 1200
        let snapshot = ShardSnapshot(seq: snapshotAt, payload: Array("state@1200".utf8) + [0, 1, 2])
        for chunk in stride(from: 0, to: written.count, by: 10) {
            let events = Array(written[chunk..<(chunk + 10)])
            let box = ResultBox()
            let withSnapshot: ShardSnapshot? = events.last?.seq == snapshotAt ? snapshot : nil
            try writer.submit(JournalUnit(shard: shard, events: events, snapshot: withSnapshot) { box.set($0) })
            XCTAssertNoThrow(try XCTUnwrap(box.wait()).get())
        }
        // An older snapshot must not win over the latest.
        let old = ShardSnapshot(seq: 500, payload: [9])
        let box = ResultBox()
        try writer.submit(JournalUnit(shard: shard, events: [], snapshot: old) { box.set($0) })
        XCTAssertNoThrow(try XCTUnwrap(box.wait()).get())
        writer.stop()

        for pageSize in [7, 1_000, 20_000] {
            let reader = JournalReader(connection: try db().connect(), pageSize: pageSize)
            var recoveredSnapshot: ShardSnapshot?
            var events: [JournalEvent] = []
            let last = try reader.recover(shard: shard, snapshot: { recoveredSnapshot = $0 }, event: { events.append($0) })
            XCTAssertEqual(recoveredSnapshot, snapshot)
            XCTAssertEqual(events, Array(written[Int(snapshotAt)...]), "page size \(pageSize)")
            XCTAssertEqual(last, 3000)
            XCTAssertEqual(try reader.lastSeq(shard: shard), 3000)
        }

        var all: [JournalEvent] = []
        try JournalReader(connection: try db().connect()).readEvents(shard: shard, after: 0) { all.append($0) }
        XCTAssertEqual(all, written)
    }

    func testEmptyShardRecoversToNothing() throws {
        let reader = JournalReader(connection: try db().connect())
        var snapshotCalls = 0
        var events = 0
        let last = try reader.recover(
            shard: uniqueShard(), snapshot: { XCTAssertNil($0); snapshotCalls += 1 }, event: { _ in events += 1 })
        XCTAssertEqual(last, 0)
        XCTAssertEqual(snapshotCalls, 1)
        XCTAssertEqual(events, 0)
    }

    /// Decoding runs on the fetching thread: what it makes arrives in order,
    /// and a row it cannot decode fails the replay with its error, after
    /// which the connection is the caller's again.
    func testDecodedReplayKeepsOrderAndStopsAtTheFirstUndecodableRow() throws {
        let writer = JournalWriter(connectionString: try db().connectionString)
        XCTAssertTrue(writer.start())
        let shard = uniqueShard()
        let written = (Int64(1)...1000).map(varied)
        for chunk in stride(from: 0, to: written.count, by: 100) {
            let box = ResultBox()
            try writer.submit(JournalUnit(shard: shard, events: Array(written[chunk..<(chunk + 100)])) { box.set($0) })
            XCTAssertNoThrow(try XCTUnwrap(box.wait()).get())
        }
        writer.stop()

        let reader = JournalReader(connection: try db().connect(), pageSize: 64)
        var decoded: [String] = []
        let last = try reader.recover(
            shard: shard, snapshot: { XCTAssertNil($0) }, decode: { "\($0.seq):\($0.payload.count)" },
            event: { decoded.append($0) })
        XCTAssertEqual(last, 1000)
        XCTAssertEqual(decoded, written.map { "\($0.seq):\($0.payload.count)" })

        struct Undecodable: Error, Equatable { let seq: Int64 }
        var applied: [Int64] = []
        XCTAssertThrowsError(
            try reader.recover(
                shard: shard, snapshot: { _ in },
                decode: { event in
                    if event.seq == 700 { throw Undecodable(seq: event.seq) }
                    return event.seq
                },
                event: { applied.append($0) })
        ) { error in
            XCTAssertEqual(error as? Undecodable, Undecodable(seq: 700))
        }
        XCTAssertEqual(applied, Array(1...Int64(applied.count)), "applied in order, none skipped")
        XCTAssertEqual(applied.count, 640, "the pages before the one that failed")
        XCTAssertEqual(try reader.lastSeq(shard: shard), 1000, "the connection works after the failed replay")
    }
}
