public import OMSProto

/// A command refused by a domain rule. Deciding throws it before any event
/// exists, so a refused command changes nothing. The service layer maps it to
/// a status (`code` has gRPC's meaning; `statusDetails` are ready to send).
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        case invalidArgument = "INVALID_ARGUMENT"
        case notFound = "NOT_FOUND"
        case alreadyExists = "ALREADY_EXISTS"
        case failedPrecondition = "FAILED_PRECONDITION"
        case permissionDenied = "PERMISSION_DENIED"
        case outOfRange = "OUT_OF_RANGE"
        case aborted = "ABORTED"
    }

    public var code: Code
    public var message: String
    /// The offending request field, path-style ("lines[1].quantity").
    public var field: String?
    /// One per short (item, location) of a stock shortage.
    public var shortages: [Oms_V1_QuantityShortage]
    /// What a precondition was about ("reservation P1-R7") ...
    public var subject: String?
    /// ... and the state that blocked it ("RELEASED").
    public var currentState: String?

    public init(
        _ code: Code,
        _ message: String,
        field: String? = nil,
        shortages: [Oms_V1_QuantityShortage] = [],
        subject: String? = nil,
        currentState: String? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.shortages = shortages
        self.subject = subject
        self.currentState = currentState
    }

    public static func invalid(_ field: String, _ message: String) -> DomainError {
        DomainError(.invalidArgument, "\(field): \(message)", field: field)
    }

    public var description: String {
        "\(code.rawValue): \(message)"
    }

    /// The structured details of the status: a FieldViolation for `field`, a
    /// PreconditionFailure for `subject`/`currentState`, one QuantityShortage
    /// per shortage.
    public var statusDetails: [Oms_V1_StatusDetail] {
        var details: [Oms_V1_StatusDetail] = []
        if let field {
            var violation = Oms_V1_FieldViolation()
            violation.field = field
            violation.description_p = message
            var detail = Oms_V1_StatusDetail()
            detail.fieldViolation = violation
            details.append(detail)
        }
        if subject != nil || currentState != nil {
            var failure = Oms_V1_PreconditionFailure()
            failure.subject = subject ?? ""
            failure.currentState = currentState ?? ""
            failure.description_p = message
            var detail = Oms_V1_StatusDetail()
            detail.precondition = failure
            details.append(detail)
        }
        for shortage in shortages {
            var detail = Oms_V1_StatusDetail()
            detail.quantityShortage = shortage
            details.append(detail)
        }
        return details
    }
}
