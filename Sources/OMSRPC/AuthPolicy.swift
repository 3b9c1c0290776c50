public import OMSProto
public import OMSWire

/// Decides whether a request may run, before it reaches its handler.
public protocol AuthPolicy: Sendable {
    /// nil to allow; otherwise the error the client gets (UNAUTHENTICATED, PERMISSION_DENIED).
    func authorize(method: String, header: Oms_V1_RequestHeader) -> RPCError?
    /// The principal a request acts as, recorded in the audit trail ("" if none).
    func principal(for header: Oms_V1_RequestHeader) -> String
    /// What the principal is granted beyond its own records ("planner": it
    /// may release and consume every principal's reservations).
    func roles(for header: Oms_V1_RequestHeader) -> Set<String>
}

extension AuthPolicy {
    public func principal(for header: Oms_V1_RequestHeader) -> String { "" }
    public func roles(for header: Oms_V1_RequestHeader) -> Set<String> { [] }
}

/// Everyone may call everything: the default on a socket guarded by file permissions.
public struct AllowAll: AuthPolicy {
    public init() {}
    public func authorize(method: String, header: Oms_V1_RequestHeader) -> RPCError? { nil }
}

/// Bearer tokens from a fixed set, each naming its principal; the health
/// check stays open for probes.
public struct StaticTokenAuth: AuthPolicy {
    let principals: [String: String]
    let roles: [String: Set<String>]
    let openMethods: Set<String>

    /// `principals` maps each accepted token to the principal it stands for,
    /// `roles` a token to its roles.
    public init(
        principals: [String: String], roles: [String: Set<String>] = [:],
        openMethods: Set<String> = ["oms.v1.Health/Check"]
    ) {
        self.principals = principals
        self.roles = roles
        self.openMethods = openMethods
    }

    /// Tokens that are their own principal name.
    public init(tokens: Set<String>, openMethods: Set<String> = ["oms.v1.Health/Check"]) {
        self.init(principals: Dictionary(uniqueKeysWithValues: tokens.map { ($0, $0) }), openMethods: openMethods)
    }

    public func principal(for header: Oms_V1_RequestHeader) -> String {
        principals[header.authToken] ?? ""
    }

    public func roles(for header: Oms_V1_RequestHeader) -> Set<String> {
        roles[header.authToken] ?? []
    }

    public func authorize(method: String, header: Oms_V1_RequestHeader) -> RPCError? {
        if openMethods.contains(method) { return nil }
        if header.authToken.isEmpty { return RPCError(.unauthenticated, "this server requires an auth token") }
        return principals[header.authToken] != nil ? nil : RPCError(.unauthenticated, "auth token not recognised")
    }
}
