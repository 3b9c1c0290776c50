import OMSStore
import XCTest

final class PGConnectionTests: XCTestCase {
    nonisolated(unsafe) static var database: TestDatabase?

    override class func setUp() {
        database = try? TestDatabase.make()
    }

    override class func tearDown() {
        database?.shutdown()
    }

    private func connect() throws -> PGConnection {
        try XCTUnwrap(Self.database, "test database did not start").connect()
    }

    func testParametersTravelOutOfBandAndRoundTrip() throws {
        let connection = try connect()
        let hostile = "x'); DROP TABLE pg_class; --"
        let allBytes = (0...255).map(UInt8.init)
        let rows = try connection.execute(
            "SELECT $1::text, $2::bytea = $3::bytea, $4::int8, $5::int4, $6::bool, $7::text IS NULL, "
                + "extract(epoch FROM $8::timestamptz)::int8, array_to_string($9::text[], ','), "
                + "array_length($10::int8[], 1), $11::bytea[], $9::text[] IS NOT DISTINCT FROM ARRAY['a', NULL, 'ü'], "
                + "$12::text = '', cardinality($13::int8[]), $14::text[] IS NOT DISTINCT FROM ARRAY[NULL]::text[]",
            [
                .text(hostile), .bytes(allBytes), .bytes(allBytes), .int64(-9_000_000_000), .int32(-7), .bool(true),
                .null, .timestampMicros(1_700_000_000_000_000), .textArray(["a", nil, "ü"]), .int64Array([1, 2, 3]),
                .byteaArray([[0], []]), .text(""), .int64Array([]), .textArray([nil]),
            ])
        XCTAssertEqual(rows.string(row: 0, column: 0), hostile)
        XCTAssertEqual(rows.string(row: 0, column: 1), "t")
        XCTAssertEqual(rows.int64(row: 0, column: 2), -9_000_000_000)
        XCTAssertEqual(rows.int64(row: 0, column: 3), -7)
        XCTAssertEqual(rows.string(row: 0, column: 4), "t")
        XCTAssertEqual(rows.string(row: 0, column: 5), "t")
        XCTAssertEqual(rows.int64(row: 0, column: 6), 1_700_000_000)
        XCTAssertEqual(rows.string(row: 0, column: 7), "a,ü")
        XCTAssertEqual(rows.int64(row: 0, column: 8), 3)
        XCTAssertEqual(rows.string(row: 0, column: 9), #"{"\\x00","\\x"}"#)
        XCTAssertEqual(rows.string(row: 0, column: 10), "t", "a NULL element stays NULL, in place")
        XCTAssertEqual(rows.string(row: 0, column: 11), "t", "an empty text is a value, not NULL")
        XCTAssertEqual(rows.int64(row: 0, column: 12), 0)
        XCTAssertEqual(rows.string(row: 0, column: 13), "t")
    }

    func testTextWithNULIsRefusedNotTruncated() throws {
        let connection = try connect()
        XCTAssertThrowsError(try connection.execute("SELECT $1::text", [.text("before\u{0}after")])) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .rejected)
        }
        XCTAssertTrue(connection.isHealthy)
    }

    func testPipelineErrorSkipsTheRestAndLeavesTheConnectionUsable() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE t (id int PRIMARY KEY)")
        XCTAssertThrowsError(
            try connection.runPipeline([
                .sql("BEGIN", parameters: []),
                .sql("INSERT INTO t VALUES ($1)", parameters: [.int32(1)]),
                .sql("INSERT INTO t VALUES ($1)", parameters: [.int32(1)]),
                .sql("INSERT INTO t VALUES ($1)", parameters: [.int32(2)]),
                .sql("COMMIT", parameters: []),
            ])
        ) { error in
            let failure = error as? PipelineFailure
            XCTAssertEqual(failure?.failedIndex, 2)
            XCTAssertEqual(failure?.error.sqlState, "23505")
        }
        try connection.execute("ROLLBACK")
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(row: 0, column: 0), 0)

        let affected = try connection.runPipeline([
            .sql("INSERT INTO t VALUES ($1), ($2)", parameters: [.int32(1), .int32(2)]),
            .sql("UPDATE t SET id = id + 10", parameters: []),
        ])
        XCTAssertEqual(affected, [2, 2])
    }

    func testPreparedStatementsSurviveReconnect() throws {
        let connection = try connect()
        try connection.prepare(PreparedStatement(name: "double_it", sql: "SELECT $1::int8 * 2", parameterTypes: [20]))
        XCTAssertEqual(try connection.executePrepared("double_it", [.int64(21)]).int64(row: 0, column: 0), 42)
        try connection.reconnect()
        XCTAssertEqual(try connection.executePrepared("double_it", [.int64(5)]).int64(row: 0, column: 0), 10)
    }

    func testUnreachableServerIsUnavailable() {
        XCTAssertThrowsError(try PGConnection(connectionString: "host=/nonexistent-dir dbname=x")) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .unavailable)
        }
    }
}
