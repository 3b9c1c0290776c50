import OMSStore
import XCTest

final class MigrationTests: XCTestCase {
    nonisolated(unsafe) static var database: TestDatabase?

    override class func setUp() {
        database = try? TestDatabase.make()
    }

    override class func tearDown() {
        database?.shutdown()
    }

    private func db() throws -> TestDatabase {
        try XCTUnwrap(Self.database, "test database did not start")
    }

    func testMigrationsApplyOnceAndAreIdempotent() throws {
        let (connection, _) = try db().connectToFreshSchema()
        let migrator = Migrator()
        XCTAssertEqual(try migrator.currentVersion(connection), 0)

        let first = try migrator.migrate(connection)
        XCTAssertEqual(first, Migration.all.map(\.version))
        let second = try migrator.migrate(connection)
        XCTAssertEqual(second, [])
        XCTAssertEqual(try migrator.currentVersion(connection), migrator.latestVersion)

        let recorded = try connection.execute("SELECT version, name FROM schema_migrations ORDER BY version")
        XCTAssertEqual(recorded.count, Migration.all.count)
        XCTAssertEqual(recorded.string(row: 0, column: 1), Migration.all[0].name)
        for table in [
            "journal", "snapshots", "orders", "order_lines", "operations", "stock", "reservation_lines", "alerts",
            "stock_movements", "stock_movements_backfill",
        ] {
            let exists = try connection.execute("SELECT to_regclass($1) IS NOT NULL", [.text(table)])
            XCTAssertEqual(exists.string(row: 0, column: 0), "t", "table \(table) missing")
        }
    }

    /// Projection tables check nothing against each other: a foreign key's
    /// cached plan once made every order line scan its plant's orders.
    func testProjectionTablesHaveNoForeignKeys() throws {
        let (connection, schema) = try db().connectToFreshSchema()
        try Migrator().migrate(connection)
        // This test's schema only: other tests migrate theirs meanwhile.
        let foreignKeys = try connection.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = $1::regnamespace ORDER BY 1",
            [.text(schema)])
        XCTAssertEqual(foreignKeys.count, 0, "foreign keys left: \((0..<foreignKeys.count).map { foreignKeys.string(row: $0, column: 0) ?? "" })")
    }

    func testFailedMigrationLeavesNothingBehind() throws {
        let (connection, _) = try db().connectToFreshSchema()
        let known = Migrator().latestVersion
        let broken = Migration(
            version: known + 1, name: "broken", sql: "CREATE TABLE half_done (id int); SELECT no_such_function();")
        let migrator = Migrator(migrations: Migration.all + [broken])
        XCTAssertThrowsError(try migrator.migrate(connection)) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .rejected)
        }
        XCTAssertEqual(try migrator.currentVersion(connection), known)
        let halfDone = try connection.execute("SELECT to_regclass('half_done') IS NOT NULL")
        XCTAssertEqual(halfDone.string(row: 0, column: 0), "f")
    }

    func testRefusesNewerSchema() throws {
        let (connection, _) = try db().connectToFreshSchema()
        let migrator = Migrator()
        try migrator.migrate(connection)
        try connection.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            [.int32(Int32(migrator.latestVersion + 1)), .text("from the future")])

        XCTAssertThrowsError(try migrator.migrate(connection)) { error in
            guard let storeError = error as? StoreError else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(storeError.kind, .schemaTooNew)
            XCTAssertTrue(storeError.message.contains("version \(migrator.latestVersion + 1)"), storeError.message)
            XCTAssertTrue(storeError.message.contains("upgrade omsd"), storeError.message)
        }
    }
}
