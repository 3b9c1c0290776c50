/// One step of the schema. Versions are dense and ordered; a released
/// migration never changes (add a new one instead).
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var sql: StaticString

    public init(version: Int, name: String, sql: StaticString) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

extension Migration {
    /// Every migration this build knows, oldest first.
    public static let all: [Migration] = [
        migration0001Journal, migration0002ReservationLines, migration0003OrderTables, migration0004ProductionOrders,
        migration0005StockMovements, migration0006Transfers, migration0007DropProjectionForeignKeys,
        migration0008SnapshotCompression,
    ]
}
