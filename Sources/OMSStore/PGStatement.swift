/// One statement to run: a named prepared statement (prepared on every
/// connection the writer opens) or SQL text sent with out-of-band parameters.
public enum PGStatement: Sendable, Hashable {
    case prepared(name: String, parameters: [PGValue])
    case sql(String, parameters: [PGValue])
}

/// A statement prepared once per connection and re-prepared after reconnects.
public struct PreparedStatement: Sendable, Hashable {
    public var name: String
    public var sql: String
    /// Parameter type OIDs, or empty to let the server infer them.
    public var parameterTypes: [UInt32]

    public init(name: String, sql: String, parameterTypes: [UInt32] = []) {
        self.name = name
        self.sql = sql
        self.parameterTypes = parameterTypes
    }
}

extension PGStatement {
    /// About how many bytes its parameters take on the wire (never fewer).
    var parameterBytes: Int {
        switch self {
        case .prepared(_, let parameters), .sql(_, let parameters): parameters.reduce(0) { $0 + $1.wireBytes }
        }
    }
}
