internal import CLibPQ

extension PGConnection {
    /// Runs constant SQL that may hold several statements (simple query
    /// protocol). Only for SQL written in this module, never for user data:
    /// it takes no parameters.
    func executeScript(_ sql: StaticString) throws(StoreError) {
        let conn = try liveHandle()
        let text = sql.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
        guard let result = PQexec(conn, text) else { throw connectionError("no result") }
        defer { PQclear(result) }
        try check(result)
    }
}
