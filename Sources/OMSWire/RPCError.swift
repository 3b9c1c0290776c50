public import OMSProto

/// A non-OK status as a Swift error: what a handler throws and what a client catches.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: StatusCode
    public var message: String
    public var details: [Oms_V1_StatusDetail]

    public init(_ code: StatusCode, _ message: String, details: [Oms_V1_StatusDetail] = []) {
        self.code = code
        self.message = message
        self.details = details
    }

    public init(status: Oms_V1_Status) {
        self.init(StatusCode(status.code), status.message, details: status.details)
    }

    public var status: Oms_V1_Status {
        var status = Oms_V1_Status()
        status.code = code.proto
        status.message = message
        status.details = details
        return status
    }

    public var description: String { "\(code): \(message)" }
}

extension RPCError {
    /// INVALID_ARGUMENT naming the offending field.
    public static func invalidArgument(field: String, _ description: String) -> RPCError {
        var violation = Oms_V1_FieldViolation()
        violation.field = field
        violation.description_p = description
        var detail = Oms_V1_StatusDetail()
        detail.fieldViolation = violation
        return RPCError(.invalidArgument, "\(field): \(description)", details: [detail])
    }
}

extension Oms_V1_Status {
    public static let ok: Oms_V1_Status = {
        var status = Oms_V1_Status()
        status.code = .ok
        return status
    }()
}
