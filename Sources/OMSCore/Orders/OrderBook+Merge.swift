import OMSProto
import SwiftProtobuf

extension OrderBook {
    /// Merge: two or more open production orders (CREATED or PLANNED) of the
    /// same item and routing become one new CREATED lot holding their
    /// quantities and pegs (pegs of the same order line joined); they are
    /// SUPERSEDED. The new lot is due at the request's due_date or the
    /// earliest of theirs, and keeps the first lot's routing and BOM versions.
    func decideMerge(
        _ request: Oms_V1_MergeProductionOrdersRequest, _ envelope: Oms_Journal_V1_OrderEvent
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], response: Oms_V1_MergeProductionOrdersResponse) {
        var violations = OrderViolations()
        if request.productionOrderIds.count < 2 {
            violations.add("production_order_ids", "at least two, got \(request.productionOrderIds.count)")
        }
        if Set(request.productionOrderIds).count != request.productionOrderIds.count {
            violations.add("production_order_ids", "each production order at most once")
        }
        if request.hasDueDate && !Self.isValid(request.dueDate) { violations.add("due_date", "not a valid time") }
        if Self.isBlank(request.reason) { violations.add("reason", "required") }
        try violations.throwIfAny()

        var lots: [Oms_Journal_V1_ProductionOrderRecord] = []
        for (index, id) in request.productionOrderIds.enumerated() {
            let lot = try existingLot(id, field: "production_order_ids[\(index)]")
            guard lot.isOpen else { throw .productionState(lot, cannot: "merge") }
            if let first = lots.first, lot.itemID != first.itemID || lot.routingID != first.routingID {
                throw .invalid(
                    "production_order_ids[\(index)]",
                    "\(id) makes \(lot.itemID) along routing \(lot.routingID); \(first.productionOrderID) makes "
                        + "\(first.itemID) along \(first.routingID): only lots of the same item and routing merge")
            }
            lots.append(lot)
        }
        guard let first = lots.first else { throw .invalid("production_order_ids", "at least two") }

        var merged = Oms_Journal_V1_ProductionOrderRecord()
        for lot in lots {
            for peg in lot.pegs {
                merged.addPeg(
                    orderID: peg.orderID, lineID: peg.lineID, quantity: Quantity(micros: peg.quantityMicros),
                    dueDate: peg.dueDate)
            }
        }
        var quantity = Quantity.zero
        for lot in lots {
            guard let sum = quantity.adding(lot.quantity) else { throw .invalid("production_order_ids", "total out of range") }
            quantity = sum
        }
        let due = request.hasDueDate ? request.dueDate : lots.map(\.dueDate).min(by: OrderText.precedes) ?? first.dueDate

        var draft = productionDraft(envelope)
        let lot = draft.create(
            ItemProduction(lot: first), quantity: quantity, pegs: merged.pegs, dueDate: due,
            derivedFrom: lots.map(\.productionOrderID))
        for var old in lots {
            old.state = .superseded
            old.supersededBy = [lot.productionOrderID]
            draft.update(old, .superseded)
        }
        let event = productionEvent(draft, envelope, reason: request.reason, orderAction: .merged, orders: Self.orderIDs(of: lots))
        var response = Oms_V1_MergeProductionOrdersResponse()
        response.productionOrder = view(lot)
        return (event.map { [$0] } ?? [], response)
    }

    /// ReleaseProductionOrders: all or none. Each must be CREATED or PLANNED
    /// (planning is not required to hand a lot to the shop floor) and not
    /// held through a pegged order; each becomes RELEASED.
    func decideRelease(
        _ request: Oms_V1_ReleaseProductionOrdersRequest, _ envelope: Oms_Journal_V1_OrderEvent
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], response: Oms_V1_ReleaseProductionOrdersResponse) {
        var violations = OrderViolations()
        if request.productionOrderIds.isEmpty { violations.add("production_order_ids", "at least one") }
        if Set(request.productionOrderIds).count != request.productionOrderIds.count {
            violations.add("production_order_ids", "each production order at most once")
        }
        try violations.throwIfAny()

        var draft = productionDraft(envelope)
        for (index, id) in request.productionOrderIds.enumerated() {
            var lot = try existingLot(id, field: "production_order_ids[\(index)]")
            guard lot.isOpen else { throw .productionState(lot, cannot: "release") }
            if view(lot).held {
                throw DomainError(
                    .failedPrecondition, "production order \(id) serves an order on hold: release the hold first",
                    subject: "production order \(id)", currentState: "HELD")
            }
            lot.state = .released
            draft.update(lot, .released)
        }
        let event = productionEvent(draft, envelope, reason: request.reason)
        var response = Oms_V1_ReleaseProductionOrdersResponse()
        response.productionOrders = request.productionOrderIds.compactMap { draft.record($0) }.map(view)
        return (event.map { [$0] } ?? [], response)
    }
}
