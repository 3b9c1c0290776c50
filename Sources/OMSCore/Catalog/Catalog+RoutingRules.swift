import OMSProto

extension Catalog {
    /// A routing: id; a known plant it never leaves; a known item; at least
    /// one operation, each with a unique sequence > 0, a work center of the
    /// plant, run time >= 0 ("" = 0); alternates naming other work centers of
    /// the plant, each once; not retired while default.
    func validatedRouting(_ input: Oms_V1_Routing) throws(DomainError) -> Oms_V1_Routing {
        var routing = input.withoutServerFields
        try checkIdentity(routing, in: routings, "routing", idField: "routing_id")
        _ = try requireItem(routing.itemID, "routing.item_id")
        if routing.operations.isEmpty {
            throw .invalid("routing.operations", "at least one operation is required")
        }
        var sequences = Set<UInt32>()
        for index in routing.operations.indices {
            let field = "routing.operations[\(index)]"
            let sequence = routing.operations[index].sequence
            if sequence == 0 {
                throw .invalid("\(field).sequence", "must be greater than zero (a BOM's 0 means \"the first one\")")
            }
            try CatalogFieldCheck.unique(sequence, in: &sequences, "\(field).sequence")
            routing.operations[index] = try validatedOperation(
                routing.operations[index], plantID: routing.plantID, field)
        }
        if routing.isDefault && routing.retired {
            throw .invalid("routing.is_default", "a retired routing cannot be the default")
        }
        return routing
    }

    private func validatedOperation(
        _ input: Oms_V1_RoutingOperation, plantID: String, _ field: String
    ) throws(DomainError) -> Oms_V1_RoutingOperation {
        var operation = input
        try requireWorkCenter(operation.workCenterID, inPlant: plantID, "\(field).work_center_id")
        operation.runSecondsPerUnit = try CatalogFieldCheck.canonicalDecimal(
            operation.runSecondsPerUnit, "\(field).run_seconds_per_unit", .nonNegative, allowEmpty: true)
        var workCenterIDs: Set<String> = [operation.workCenterID]
        for index in operation.alternates.indices {
            let alternateField = "\(field).alternates[\(index)]"
            let workCenterID = operation.alternates[index].workCenterID
            try requireWorkCenter(workCenterID, inPlant: plantID, "\(alternateField).work_center_id")
            if !workCenterIDs.insert(workCenterID).inserted {
                throw .invalid(
                    "\(alternateField).work_center_id",
                    "\"\(workCenterID)\" is already the operation's work center or an earlier alternate")
            }
            operation.alternates[index].runSecondsPerUnit = try CatalogFieldCheck.canonicalDecimal(
                operation.alternates[index].runSecondsPerUnit, "\(alternateField).run_seconds_per_unit",
                .nonNegative, allowEmpty: true)
        }
        return operation
    }
}
