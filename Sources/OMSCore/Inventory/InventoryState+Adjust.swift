import OMSProto

extension InventoryState {
    /// Adjust: a signed, non-zero delta or a counted quantity (>= 0) for a
    /// known item; reason_code and reason required. Cannot take on hand below
    /// reserved: FAILED_PRECONDITION with a QuantityShortage (requested = the
    /// decrease, available = on hand - reserved). A count equal to on hand is
    /// booked as a movement of 0 (the count is recorded).
    func decideAdjust(
        _ request: Oms_V1_AdjustStockRequest, context: CommandContext
    ) throws(DomainError) -> (Oms_Journal_V1_InventoryEvent, Oms_V1_AdjustStockResponse) {
        try checkPlant(request.plantID)
        try required(request.itemID, field: "item_id")
        switch request.reasonCode {
        case .unspecified: throw .invalid("reason_code", "required")
        case .UNRECOGNIZED(let raw): throw .invalid("reason_code", "unknown adjustment reason \(raw)")
        default: break
        }
        if request.reason.allSatisfy(\.isWhitespace) { throw .invalid("reason", "required") }
        let unit = try knownUnit(request.itemID, field: "item_id")
        try checkUnit(request.unit, known: unit, itemID: request.itemID, field: "unit")

        let key = StockKey(itemID: request.itemID, locationID: request.locationID)
        let current = figures(key)
        let delta: Quantity
        switch request.change {
        case .delta(let text)?:
            delta = try decimal(text, field: "delta")
            if delta.isZero { throw .invalid("delta", "must not be zero") }
        case .countedQuantity(let text)?:
            let counted = try decimal(text, field: "counted_quantity")
            if counted.isNegative { throw .invalid("counted_quantity", "must not be negative") }
            guard let difference = counted.subtracting(current.onHand) else { throw Self.overflow("counted_quantity") }
            delta = difference
        case nil:
            throw .invalid("delta", "one of delta or counted_quantity is required")
        }
        guard let onHandAfter = current.onHand.adding(delta) else { throw Self.overflow("delta") }
        if onHandAfter < current.reserved {
            let decrease = delta.negated ?? .max
            throw DomainError(
                .failedPrecondition,
                "adjustment would take on hand of \(key) to \(onHandAfter), below the reserved \(current.reserved): release reservations first",
                shortages: [Self.shortage(key, unit: unit, requested: decrease, available: current.available)])
        }

        var adjusted = Oms_Journal_V1_StockAdjusted()
        adjusted.movementID = movementID(offset: 0)
        adjusted.itemID = key.itemID
        adjusted.locationID = key.locationID
        adjusted.unit = unit
        adjusted.deltaMicros = delta.micros
        adjusted.reasonCode = request.reasonCode
        adjusted.reason = request.reason
        if case .countedQuantity? = request.change { adjusted.counted = true }
        var event = Self.envelope(context)
        event.stockAdjusted = adjusted

        var response = Oms_V1_AdjustStockResponse()
        var movement = Self.movement(
            id: adjusted.movementID, plantID: plantID, key: key,
            kind: request.reasonCode == .scrap ? .scrap : .adjustment, quantity: delta, unit: unit,
            onHandAfter: onHandAfter, event: event)
        movement.reason = request.reason
        response.movement = movement
        response.balance = balance(key, figures: StockFigures(onHand: onHandAfter, reserved: current.reserved))
        return (event, response)
    }
}
