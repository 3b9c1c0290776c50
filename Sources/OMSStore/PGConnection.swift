internal import CLibPQ

/// A blocking libpq connection. Not Sendable: it belongs to the one thread that
/// created it (libpq calls block, so they never run on NIO event loops or the
/// Swift concurrency pool).
public final class PGConnection {
    public let connectionString: String
    /// Statements prepared on every (re)connection.
    private var preparedStatements: [PreparedStatement] = []
    var handle: OpaquePointer?

    /// Connects at once; throws `.unavailable` when the server cannot be reached.
    public init(connectionString: String) throws(StoreError) {
        self.connectionString = connectionString
        try connect()
    }

    deinit { close() }

    /// True while libpq considers the connection usable.
    public var isHealthy: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Drops the current connection (if any) and opens a new one, then prepares
    /// the remembered statements again.
    public func reconnect() throws(StoreError) {
        close()
        try connect()
        for statement in preparedStatements {
            try sendPrepare(statement)
        }
    }

    /// Prepares a statement now and after every reconnect.
    public func prepare(_ statement: PreparedStatement) throws(StoreError) {
        try sendPrepare(statement)
        preparedStatements.removeAll { $0.name == statement.name }
        preparedStatements.append(statement)
    }

    /// Runs one statement (parameters out of band) and returns its rows in text
    /// format, or in binary with `binaryResults`.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PGValue] = [], binaryResults: Bool = false) throws(StoreError)
        -> PGRows
    {
        try run(.sql(sql, parameters: parameters), binaryResults: binaryResults)
    }

    @discardableResult
    public func executePrepared(_ name: String, _ parameters: [PGValue] = [], binaryResults: Bool = false)
        throws(StoreError) -> PGRows
    {
        try run(.prepared(name: name, parameters: parameters), binaryResults: binaryResults)
    }

    /// Runs a statement and hands the raw result to `body` without copying rows
    /// (fast path for bulk reads); the result is freed when `body` returns.
    func withResult<T>(
        _ statement: PGStatement, binaryResults: Bool, _ body: (OpaquePointer) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        let conn = try liveHandle()
        let result = try withParameters(statement) { types, values, lengths, formats, count in
            switch statement {
            case .sql(let sql, _):
                PQexecParams(conn, sql, count, types, values, lengths, formats, binaryResults ? 1 : 0)
            case .prepared(let name, _):
                PQexecPrepared(conn, name, count, values, lengths, formats, binaryResults ? 1 : 0)
            }
        }
        guard let result else { throw connectionError("no result") }
        defer { PQclear(result) }
        try check(result)
        return try body(result)
    }

    private func run(_ statement: PGStatement, binaryResults: Bool) throws(StoreError) -> PGRows {
        try withResult(statement, binaryResults: binaryResults) { PGRows(result: $0) }
    }

    private func connect() throws(StoreError) {
        // Defaults first: later keywords win, so the caller's string overrides
        // them. Keepalives and tcp_user_timeout make a vanished remote server
        // an error within seconds instead of a commit blocked for minutes
        // (ignored on Unix sockets).
        let defaults = [
            ("connect_timeout", "5"), ("keepalives", "1"), ("keepalives_idle", "10"),
            ("keepalives_interval", "5"), ("keepalives_count", "3"), ("tcp_user_timeout", "20000"),
        ]
        let keywords = defaults.map(\.0) + ["dbname"]
        let values = defaults.map(\.1) + [connectionString]
        let conn = withCStringArray(keywords) { keys in
            withCStringArray(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let conn else {
            throw StoreError(kind: .unavailable, message: "libpq could not allocate a connection")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw StoreError(kind: .unavailable, message: "cannot connect: \(trimmed(message))")
        }
        // Keep server notices ("already exists, skipping") out of stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        handle = conn
    }

    private func sendPrepare(_ statement: PreparedStatement) throws(StoreError) {
        let conn = try liveHandle()
        let result = statement.parameterTypes.withUnsafeBufferPointer { types in
            PQprepare(conn, statement.name, statement.sql, Int32(types.count), types.baseAddress)
        }
        guard let result else { throw connectionError("no result from prepare") }
        defer { PQclear(result) }
        try check(result)
    }

    func liveHandle() throws(StoreError) -> OpaquePointer {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            throw StoreError(kind: .unavailable, message: "not connected to PostgreSQL")
        }
        return handle
    }

    /// Throws the classified error of a failed result.
    func check(_ result: OpaquePointer) throws(StoreError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_PIPELINE_SYNC:
            return
        default:
            throw error(from: result)
        }
    }

    func error(from result: OpaquePointer) -> StoreError {
        let message = trimmed(String(cString: PQresultErrorMessage(result)))
        let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        if sqlState == nil || !isHealthy {
            // No SQLSTATE means libpq itself failed: the connection is gone.
            return StoreError(kind: .unavailable, sqlState: sqlState, message: message)
        }
        return StoreError.fromServer(sqlState: sqlState, message: message)
    }

    func connectionError(_ context: String) -> StoreError {
        let detail = handle.map { trimmed(String(cString: PQerrorMessage($0))) } ?? ""
        return StoreError(kind: .unavailable, message: "\(context): \(detail)")
    }
}

func trimmed(_ message: String) -> String {
    var text = Substring(message)
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
}
