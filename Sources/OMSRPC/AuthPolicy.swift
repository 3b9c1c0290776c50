public import OMSProto
public import OMSWire

/// Decides whether a request may run, before it reaches its handler.
public protocol AuthPolicy: Sendable {
    /// nil to allow; otherwise the error the client gets (UNAUTHENTICATED, PERMISSION_DENIED).
    func authorize(method: String, header: Oms_V1_RequestHeader) -> RPCError?
}

/// Everyone may call everything: the default on a socket guarded by file permissions.
public struct AllowAll: AuthPolicy {
    public init() {}
    public func authorize(method: String, header: Oms_V1_RequestHeader) -> RPCError? { nil }
}

/// Bearer tokens from a fixed set; the health check stays open for probes.
public struct StaticTokenAuth: AuthPolicy {
    let tokens: Set<String>
    let openMethods: Set<String>

    public init(tokens: Set<String>, openMethods: Set<String> = ["oms.v1.Health/Check"]) {
        self.tokens = tokens
        self.openMethods = openMethods
    }

    public func authorize(method: String, header: Oms_V1_RequestHeader) -> RPCError? {
        if openMethods.contains(method) { return nil }
        if header.authToken.isEmpty { return RPCError(.unauthenticated, "this server requires an auth token") }
        return tokens.contains(header.authToken) ? nil : RPCError(.unauthenticated, "auth token not recognised")
    }
}
