internal import CLibPQ

/// Rows of a completed query, copied out of libpq's result so no C memory
/// outlives the call. Values are text unless the query asked for binary.
public struct PGRows: Sendable {
    public var columnNames: [String]
    /// rows[row][column]; nil is SQL NULL.
    public var rows: [[[UInt8]?]]
    /// Rows affected by INSERT/UPDATE/DELETE (PQcmdTuples), 0 otherwise.
    public var affectedRows: Int

    public var count: Int { rows.count }

    /// The value as text (for results fetched in text format).
    public func string(row: Int, column: Int) -> String? {
        guard let bytes = rows[row][column] else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func int64(row: Int, column: Int) -> Int64? {
        string(row: row, column: column).flatMap { Int64($0) }
    }

    init(result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        columnNames = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [[[UInt8]?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [[UInt8]?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                values.append(PGRows.copyValue(result, row, column))
            }
            rows.append(values)
        }
        self.rows = rows
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    static func copyValue(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> [UInt8]? {
        PQgetisnull(result, row, column) != 0 ? nil : columnBytes(result, row, column)
    }
}
