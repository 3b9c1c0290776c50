import OMSProto

extension OrderBook {
    /// Amend: replaces lines, priority, customer reference and attributes
    /// (customer, plant and business key stay). expected_version is required
    /// and must be the order's version, else ABORTED (VERSION_CONFLICT with
    /// current_version). FAILED_PRECONDITION once the order is COMPLETED,
    /// SHIPPED or CANCELLED. The history entry lists what changed; an
    /// amendment that changes nothing returns the order with no events.
    /// On an approved order, the lines whose item, quantity, due date or
    /// plant changed are unpegged and pegged again with `masterData`.
    func decideAmend(
        _ request: Oms_V1_AmendOrderRequest, _ envelope: Oms_Journal_V1_OrderEvent, masterData: Catalog
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], order: Oms_V1_Order) {
        var violations = OrderViolations()
        violations.required(request.orderID, "order_id")
        if request.expectedVersion == 0 {
            violations.add("expected_version", "required: the version the amendment is based on")
        }
        let lines = validatedLines(request.lines, &violations)
        checkPriority(request.priority, &violations)
        try violations.throwIfAny()

        let order = try existingOrder(request.orderID)
        try checkVersion(order, expected: request.expectedVersion)
        guard OrderLifecycle.isAmendable(order.state) else { throw .orderState(order, cannot: "amend") }

        var content = order.content
        content.lines = lines
        content.priority = request.priority
        content.customerReference = request.customerReference
        content.attributes = request.attributes
        let changes = content.changes(from: order.content)
        if changes.isEmpty { return ([], view(order, now: envelope.at)) }

        var amended = Oms_Journal_V1_OrderAmended()
        amended.orderID = order.id
        amended.version = order.version + 1
        amended.lines = lines.map(\.journal)
        amended.priority = request.priority
        amended.effectivePriority = effectivePriority(
            request.priority, customerID: order.content.customerID, masterData: masterData)
        amended.customerReference = request.customerReference
        amended.attributes = request.attributes
        amended.reason = request.reason
        amended.changes = changes
        var event = envelope
        event.orderAmended = amended
        let repegged = Self.repeggedLines(from: order.content, to: content)
        guard isPegged(order), !repegged.isEmpty else { return outcome(order, event) }
        // Released lots keep serving their lines; only the rest is pegged again.
        let inProduction = try checkInProduction(order, becoming: content, repegged)
        var draft = productionDraft(envelope)
        draft.unpeg(orderID: order.id, lineIDs: repegged, keepingReleased: true)
        let rest = content.lines.filter { repegged.contains($0.lineID) }.compactMap { line in
            var rest = line
            rest.quantity = line.quantity.saturatingSubtracting(inProduction[line.lineID] ?? .zero)
            return rest.quantity.isPositive ? rest : nil
        }
        try peg(rest, of: order.id, into: &draft, masterData: masterData)
        return outcome(order, event, draft: draft, reason: request.reason)
    }

    /// What each line has on released or running lots, which an amendment
    /// cannot take back: FAILED_PRECONDITION when a changed line would lose
    /// its item or plant or drop below that quantity.
    private func checkInProduction(
        _ order: OrderRecord, becoming content: OrderContent, _ repegged: Set<String>
    ) throws(DomainError) -> [String: Quantity] {
        var inProduction: [String: Quantity] = [:]
        for lot in production.lots(peggedTo: order.id) where !lot.isOpen {
            for peg in lot.pegs where peg.orderID == order.id {
                inProduction[peg.lineID, default: .zero] = inProduction[peg.lineID, default: .zero]
                    .saturatingAdding(Quantity(micros: peg.quantityMicros))
            }
        }
        for (lineID, quantity) in inProduction where repegged.contains(lineID) && quantity.isPositive {
            let old = order.content.line(lineID)
            let new = content.line(lineID)
            guard let new, new.itemID == old?.itemID, new.plantID == old?.plantID, new.quantity >= quantity else {
                throw DomainError(
                    .failedPrecondition,
                    "line \(lineID) of order \(order.id) has \(quantity) in production: it cannot be removed, "
                        + "change item or plant, or drop below that",
                    field: "lines[id=\(lineID)]", subject: "order \(order.id) line \(lineID)", currentState: "IN_PRODUCTION")
            }
        }
        return inProduction
    }
}
