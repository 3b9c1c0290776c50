/// One broken constraint found by the validator.
public struct Violation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Kinds of constraint.
    public enum Kind: String, Sendable, Hashable, Codable {
        case missingOperation, unknownOperation, ineligibleWorkCenter, frozenMoved
        case capacity, precedence, release, material, calendar, negativeDuration
    }

    /// Which constraint.
    public var kind: Kind
    /// Order id.
    public var order: String
    /// Operation id.
    public var operation: String
    /// Human-readable detail.
    public var detail: String

    public var description: String { "\(kind.rawValue) \(order)/\(operation): \(detail)" }
}
