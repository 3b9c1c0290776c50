/// Per-call settings.
public struct CallOptions: Sendable {
    /// How long the caller waits; the server stops work when it passes. nil for no deadline.
    public var timeout: Duration?
    /// Makes a mutation safe to retry: the same key means the same command.
    public var idempotencyKey: String
    /// Correlates logs across systems.
    public var traceID: String
    /// Overrides the connection's auth token for this call.
    public var authToken: String?
    public var metadata: [String: String]

    public init(
        timeout: Duration? = nil,
        idempotencyKey: String = "",
        traceID: String = "",
        authToken: String? = nil,
        metadata: [String: String] = [:]
    ) {
        self.timeout = timeout
        self.idempotencyKey = idempotencyKey
        self.traceID = traceID
        self.authToken = authToken
        self.metadata = metadata
    }
}

/// Per-connection settings.
public struct ConnectionOptions: Sendable {
    /// Sent in HELLO, for the server's logs.
    public var agent: String
    /// Sent with every call unless a call overrides it.
    public var authToken: String
    /// Applied to calls that set no timeout of their own.
    public var defaultTimeout: Duration?

    public init(agent: String = "OMSClient", authToken: String = "", defaultTimeout: Duration? = nil) {
        self.agent = agent
        self.authToken = authToken
        self.defaultTimeout = defaultTimeout
    }
}
