public import OMSProto

/// The refusals about production orders, shaped like the order ones.
extension DomainError {
    static func productionState(_ lot: Oms_Journal_V1_ProductionOrderRecord, cannot what: String) -> DomainError {
        let state = ProductionOrderStates.name(lot.state)
        return DomainError(
            .failedPrecondition, "production order \(lot.productionOrderID) is \(state): cannot \(what)",
            subject: "production order \(lot.productionOrderID)", currentState: state)
    }

    static func productionVersionConflict(_ lot: Oms_Journal_V1_ProductionOrderRecord, expected: UInt64) -> DomainError {
        var info = Oms_V1_ErrorInfo()
        info.reason = "VERSION_CONFLICT"
        info.metadata = ["current_version": String(lot.version)]
        var resource = Oms_V1_ResourceInfo()
        resource.resourceType = "oms.v1.ProductionOrder"
        resource.resourceName = lot.productionOrderID
        return DomainError(
            .aborted, "production order \(lot.productionOrderID) is at version \(lot.version), not \(expected): re-read and retry",
            resource: resource, errorInfo: info)
    }
}

public enum ProductionOrderStates {
    /// The state's name without its enum prefix ("RELEASED").
    public static func name(_ state: Oms_V1_ProductionOrderState) -> String {
        switch state {
        case .unspecified: "UNSPECIFIED"
        case .created: "CREATED"
        case .planned: "PLANNED"
        case .released: "RELEASED"
        case .inProgress: "IN_PROGRESS"
        case .completed: "COMPLETED"
        case .cancelled: "CANCELLED"
        case .superseded: "SUPERSEDED"
        case .UNRECOGNIZED(let raw): "UNRECOGNIZED(\(raw))"
        }
    }
}

extension ItemProduction {
    /// How a lot's parts and merges are made: as the lot was (its routing,
    /// BOM and unit), with no lot sizing (Split and Merge set quantities).
    init(lot: Oms_Journal_V1_ProductionOrderRecord) {
        self.init(
            itemID: lot.itemID, unit: lot.unit, routingID: lot.routingID, routingVersion: lot.routingVersion,
            bomID: lot.bomID, bomVersion: lot.bomVersion, components: lot.components)
    }
}
