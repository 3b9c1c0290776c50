public import OMSProto

/// What a handler knows about the call besides its request message.
public struct ServerContext: Sendable {
    public var method: String
    public var streamID: UInt32
    public var header: Oms_V1_RequestHeader
    /// When the client stops waiting; nil for no deadline.
    public var deadline: ContinuousClock.Instant?
    /// "unix", "tcp:127.0.0.1:51234", "in-process".
    public var peer: String

    /// Who is calling, as established by the auth policy ("" when unauthenticated).
    public var principal: String
    /// The caller's roles from the auth policy ("planner").
    public var roles: Set<String> = []
    public var idempotencyKey: String { header.idempotencyKey }
    public var traceID: String { header.traceID }
}

/// A request as the router sees it: raw message bytes, decoded by the method's handler.
public struct ServerRequest: Sendable {
    public var context: ServerContext
    public var message: [UInt8]
}
