import OMSProto

/// The refusals the order book gives, each with the details the contract
/// promises (orders.proto, "Errors").
extension DomainError {
    static let orderResourceType = "oms.v1.Order"

    static func orderResource(_ orderID: String, _ description: String = "") -> Oms_V1_ResourceInfo {
        var resource = Oms_V1_ResourceInfo()
        resource.resourceType = orderResourceType
        resource.resourceName = orderID
        resource.description_p = description
        return resource
    }

    /// NOT_FOUND naming the request field that held the id.
    static func orderNotFound(_ orderID: String, field: String = "order_id") -> DomainError {
        DomainError(
            .notFound, "order \(orderID) not found", field: field, resource: orderResource(orderID))
    }

    /// FAILED_PRECONDITION with a PreconditionFailure naming the order's state.
    static func orderState(_ order: OrderRecord, cannot what: String) -> DomainError {
        let state = OrderLifecycle.name(order.state)
        return DomainError(
            .failedPrecondition, "order \(order.id) is \(state): cannot \(what)", subject: "order \(order.id)",
            currentState: state)
    }

    /// ABORTED with ErrorInfo VERSION_CONFLICT and the current version: re-read and retry.
    static func orderVersionConflict(_ order: OrderRecord, expected: UInt64) -> DomainError {
        var info = Oms_V1_ErrorInfo()
        info.reason = "VERSION_CONFLICT"
        info.metadata = ["current_version": String(order.version)]
        return DomainError(
            .aborted, "order \(order.id) is at version \(order.version), not \(expected): re-read and retry",
            resource: orderResource(order.id), errorInfo: info)
    }

    /// ALREADY_EXISTS: the business key (or shipment reference) is taken by
    /// different content; one FieldViolation per difference.
    static func orderConflict(_ orderID: String, _ what: String, _ changes: [Oms_V1_FieldChange]) -> DomainError {
        let violations = changes.map { change in
            var violation = Oms_V1_FieldViolation()
            violation.field = change.field
            violation.description_p =
                "existing \(Self.quoted(change.previousValue)), request \(Self.quoted(change.newValue))"
            return violation
        }
        let fields = changes.map(\.field).joined(separator: ", ")
        return DomainError(
            .alreadyExists, "\(what) already exists as order \(orderID) with different content (\(fields))",
            fieldViolations: violations,
            resource: orderResource(orderID, "\(what) with different content"))
    }

    private static func quoted(_ value: String) -> String {
        value.isEmpty ? "absent" : "\"\(value)\""
    }
}
