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
    /// Every offending field when there is more than one, each with its own
    /// description (all bad fields of a request, every difference of a
    /// conflicting resubmission).
    public var fieldViolations: [Oms_V1_FieldViolation]
    /// The resource concerned (the existing order of an ALREADY_EXISTS).
    public var resource: Oms_V1_ResourceInfo?
    /// A stable reason code with context ("VERSION_CONFLICT", current_version).
    public var errorInfo: Oms_V1_ErrorInfo?

    public init(
        _ code: Code,
        _ message: String,
        field: String? = nil,
        shortages: [Oms_V1_QuantityShortage] = [],
        subject: String? = nil,
        currentState: String? = nil,
        fieldViolations: [Oms_V1_FieldViolation] = [],
        resource: Oms_V1_ResourceInfo? = nil,
        errorInfo: Oms_V1_ErrorInfo? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field ?? fieldViolations.first?.field
        self.shortages = shortages
        self.subject = subject
        self.currentState = currentState
        self.fieldViolations = fieldViolations
        self.resource = resource
        self.errorInfo = errorInfo
    }

    public static func invalid(_ field: String, _ message: String) -> DomainError {
        DomainError(.invalidArgument, "\(field): \(message)", field: field)
    }

    public var description: String {
        "\(code.rawValue): \(message)"
    }

    /// The structured details of the status: a FieldViolation for `field`
    /// (unless `fieldViolations` has it) and one per `fieldViolations`, a
    /// PreconditionFailure for `subject`/`currentState`, one QuantityShortage
    /// per shortage, then the ResourceInfo and the ErrorInfo when set.
    public var statusDetails: [Oms_V1_StatusDetail] {
        var details: [Oms_V1_StatusDetail] = []
        if let field, !fieldViolations.contains(where: { $0.field == field }) {
            var violation = Oms_V1_FieldViolation()
            violation.field = field
            violation.description_p = message
            var detail = Oms_V1_StatusDetail()
            detail.fieldViolation = violation
            details.append(detail)
        }
        for violation in fieldViolations {
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
        if let resource {
            var detail = Oms_V1_StatusDetail()
            detail.resourceInfo = resource
            details.append(detail)
        }
        if let errorInfo {
            var detail = Oms_V1_StatusDetail()
            detail.errorInfo = errorInfo
            details.append(detail)
        }
        return details
    }
}
