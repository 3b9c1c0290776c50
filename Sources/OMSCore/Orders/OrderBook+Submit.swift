import OMSProto

extension OrderBook {
    /// Submit: a new order in RECEIVED, id "<plant>-O<n>", version 1.
    /// - Every bad field is named: source_system and external_order_id
    ///   required; plant_id empty or this plant; lines as `validatedLines`;
    ///   priority 0 ... 100; a known channel.
    /// - Idempotent by business key (source_system, external_order_id): the
    ///   same content as the order has now (line order, number formatting and
    ///   a line plant equal to the order's do not count) returns it with
    ///   created = false and no events; different content is ALREADY_EXISTS
    ///   with a ResourceInfo naming the order and one FieldViolation per
    ///   difference ("priority", "lines[id=10].quantity", "lines[id=20]").
    func decideSubmit(
        _ request: Oms_V1_SubmitOrderRequest, _ envelope: Oms_Journal_V1_OrderEvent, masterData: Catalog
    ) throws(DomainError) -> ([Oms_Journal_V1_OrderEvent], Oms_V1_SubmitOrderResponse) {
        var violations = OrderViolations()
        violations.required(request.sourceSystem, "source_system")
        violations.required(request.externalOrderID, "external_order_id")
        if case .UNRECOGNIZED(let raw) = request.channel { violations.add("channel", "unknown channel \(raw)") }
        checkPlant(request.plantID, &violations)
        let lines = validatedLines(request.lines, &violations)
        checkPriority(request.priority, &violations)
        try violations.throwIfAny()

        let content = OrderContent(
            sourceSystem: request.sourceSystem,
            externalOrderID: request.externalOrderID,
            channel: request.channel,
            customerID: request.customerID,
            plantID: plantID,
            lines: lines,
            priority: request.priority,
            customerReference: request.customerReference,
            attributes: request.attributes)
        var response = Oms_V1_SubmitOrderResponse()

        let key = OrderBusinessKey(sourceSystem: request.sourceSystem, externalOrderID: request.externalOrderID)
        if let slot = slotsByBusinessKey[key] {
            let existing = records[slot]
            let differences = content.changes(from: existing.content)
            guard differences.isEmpty else {
                throw .orderConflict(
                    existing.id, "order \(request.sourceSystem)/\(request.externalOrderID)", differences)
            }
            response.order = view(existing, now: envelope.at)
            response.created = false
            return ([], response)
        }

        var submitted = content.submission
        submitted.orderID = nextOrderID()
        submitted.effectivePriority = effectivePriority(
            content.priority, customerID: content.customerID, masterData: masterData)
        var event = envelope
        event.orderSubmitted = submitted

        response.order = OrderRecord(submitted: submitted, event: event, sequence: 0).proto(now: event.at)
        response.created = true
        return ([event], response)
    }
}
