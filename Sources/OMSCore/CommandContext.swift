public import Foundation

/// What the plant's writer knows about a command besides its message.
/// Captured by the shard (the core reads no clock).
public struct CommandContext: Sendable, Equatable {
    /// Wall clock when the writer took the command.
    public var now: Date
    /// Authenticated caller; "" when the transport has none.
    public var principal: String
    /// The envelope's idempotency key; "" = none.
    public var idempotencyKey: String
    /// The plant the shard owns.
    public var plantID: String
    /// Granted by the auth policy (e.g. planners): may release and consume
    /// reservations made by other principals.
    public var actsForAllPrincipals: Bool

    public init(
        now: Date,
        principal: String = "",
        idempotencyKey: String = "",
        plantID: String,
        actsForAllPrincipals: Bool = false
    ) {
        self.now = now
        self.principal = principal
        self.idempotencyKey = idempotencyKey
        self.plantID = plantID
        self.actsForAllPrincipals = actsForAllPrincipals
    }
}
