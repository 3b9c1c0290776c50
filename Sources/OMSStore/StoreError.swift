/// A failure of the store, classified so callers can map it to an RPC status
/// without parsing messages.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The database cannot be reached (connection lost, server shutting down,
        /// writer reconnecting). Maps to UNAVAILABLE. When it ends a commit whose
        /// outcome is unknown, `commitOutcomeUnknown` is set.
        case unavailable
        /// The database rejected the work (constraint violation, bad SQL,
        /// sequence gap). Maps to INTERNAL: a bug or a diverged shard, not a
        /// transient condition.
        case rejected
        /// The schema in the database is newer than this build knows.
        case schemaTooNew
        /// The writer's queue is full. Maps to RESOURCE_EXHAUSTED.
        case overloaded
        /// The writer was stopped.
        case shutDown
        /// Starting, stopping or talking to the embedded server failed.
        case embeddedServer
    }

    public var kind: Kind
    /// SQLSTATE from the server, when there is one (e.g. "23505").
    public var sqlState: String?
    public var message: String
    /// True when a COMMIT was sent but its result never arrived: the work may
    /// or may not be durable, so the caller must re-read before going on.
    public var commitOutcomeUnknown: Bool

    public init(kind: Kind, sqlState: String? = nil, message: String, commitOutcomeUnknown: Bool = false) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.commitOutcomeUnknown = commitOutcomeUnknown
    }

    public var description: String {
        var text = "\(kind): \(message)"
        if let sqlState { text += " [SQLSTATE \(sqlState)]" }
        if commitOutcomeUnknown { text += " (commit outcome unknown)" }
        return text
    }

    /// Classifies a server error by SQLSTATE class: connection exceptions (08),
    /// operator intervention (57: shutdown, crash recovery) and insufficient
    /// resources (53) are transient; everything else is a rejection.
    static func fromServer(sqlState: String?, message: String) -> StoreError {
        let transientClasses: Set<Substring> = ["08", "57", "53"]
        let kind: Kind =
            if let sqlState, transientClasses.contains(sqlState.prefix(2)) { .unavailable } else { .rejected }
        return StoreError(kind: kind, sqlState: sqlState, message: message)
    }
}
