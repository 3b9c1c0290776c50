import OMSStore
import XCTest

/// The rule of `PlannerStatistics` against a real server: a table is analyzed
/// once it holds 1,000 rows and four times as many as at its last analysis,
/// and not before; rows updated in place do not count.
final class PlannerStatisticsTests: XCTestCase {
    nonisolated(unsafe) static var database: TestDatabase?

    override class func setUp() {
        database = try? TestDatabase.make()
    }

    override class func tearDown() {
        database?.shutdown()
    }

    func testAnalyzesATableAtAThousandRowsThenEachTimeItHasGrownFourfold() throws {
        let database = try XCTUnwrap(Self.database, "no PostgreSQL for the store tests")
        let (connection, _) = try database.connectToFreshSchema()
        defer { connection.close() }
        try connection.execute("CREATE TABLE lines (id int8 PRIMARY KEY)")

        func insert(_ ids: ClosedRange<Int64>) throws {
            try connection.execute(
                "INSERT INTO lines SELECT generate_series($1::int8, $2::int8)", [.int64(ids.lowerBound), .int64(ids.upperBound)])
            // Hand this backend's counters to the shared statistics now, not within the second.
            try connection.execute("SELECT pg_stat_force_next_flush()")
        }
        func analyzedRows() throws -> Int64? {
            let row = try connection.execute(
                "SELECT c.reltuples::int8 FROM pg_stat_user_tables AS s JOIN pg_class AS c ON c.oid = s.relid "
                    + "WHERE s.relid = 'lines'::regclass AND s.last_analyze IS NOT NULL")
            return row.count == 1 ? row.int64(row: 0, column: 0) : nil
        }

        try insert(1...999)
        XCTAssertEqual(try PlannerStatistics.refresh(on: connection), 0, "999 rows: not yet")
        XCTAssertNil(try analyzedRows())

        try insert(1_000...1_000)
        XCTAssertEqual(try PlannerStatistics.refresh(on: connection), 1, "1,000 rows, never analyzed")
        XCTAssertEqual(try analyzedRows(), 1_000)
        XCTAssertEqual(try PlannerStatistics.refresh(on: connection), 0, "analyzed tables are not due again")

        try connection.execute("UPDATE lines SET id = -id")
        try connection.execute("UPDATE lines SET id = -id")
        try connection.execute("SELECT pg_stat_force_next_flush()")
        XCTAssertEqual(try PlannerStatistics.refresh(on: connection), 0, "2,000 updates, no growth: not due")
        try insert(1_001...3_999)
        XCTAssertEqual(try PlannerStatistics.refresh(on: connection), 0, "3,999 rows, 1,000 at the last analysis: not yet")
        try insert(4_000...4_000)
        XCTAssertEqual(try PlannerStatistics.refresh(on: connection), 1, "four times the rows of the last analysis")
        XCTAssertEqual(try analyzedRows(), 4_000)
    }
}
