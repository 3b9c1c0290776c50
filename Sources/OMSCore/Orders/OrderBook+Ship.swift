import OMSProto
import SwiftProtobuf

extension OrderBook {
    /// Ship: records a shipment of completed quantities under its reference.
    /// - shipment_reference required; at least one line; line_ids unique and
    ///   the order's; quantities decimal > 0; shipped_at valid when set.
    /// - The same reference again is the same shipment: with the same lines
    ///   (compared as numbers) it returns the order with no events, even
    ///   after the order became SHIPPED; with other lines ALREADY_EXISTS
    ///   naming each differing line. shipped_at is not compared (unset = now).
    /// - Only a COMPLETED order ships (there is no production yet, so a
    ///   completed line's whole quantity is available): otherwise
    ///   FAILED_PRECONDITION naming the state. More than a line's quantity
    ///   less what is shipped is FAILED_PRECONDITION with a QuantityShortage.
    /// - The order is SHIPPED when every line is shipped in full.
    func decideShip(
        _ request: Oms_V1_ShipOrderRequest, _ envelope: Oms_Journal_V1_OrderEvent
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], order: Oms_V1_Order) {
        var violations = OrderViolations()
        violations.required(request.orderID, "order_id")
        if Self.isBlank(request.shipmentReference) { violations.add("shipment_reference", "required") }
        if request.hasShippedAt && !Self.isValid(request.shippedAt) {
            violations.add("shipped_at", "not a valid instant")
        }
        let quantities = Self.shipmentLines(request.lines, &violations)
        try violations.throwIfAny()

        let order = try existingOrder(request.orderID)
        if let shipment = order.shipment(request.shipmentReference) {
            let differences = Self.differences(recorded: shipment.lines, requested: quantities)
            guard differences.isEmpty else {
                throw .orderConflict(order.id, "shipment \(request.shipmentReference)", differences)
            }
            return ([], view(order, now: envelope.at))
        }
        guard OrderLifecycle.target(of: .ship, from: order.state, heldIn: order.stateBeforeHold) != nil else {
            throw .orderState(order, cannot: "ship")
        }

        var shortages: [Oms_V1_QuantityShortage] = []
        var changes: [Oms_V1_FieldChange] = []
        var shippedNow: [String: Quantity] = [:]
        for (index, (lineID, quantity)) in quantities.enumerated() {
            guard let line = order.content.line(lineID) else {
                violations.add("lines[\(index)].line_id", "order \(order.id) has no line \"\(lineID)\"")
                continue
            }
            let before = order.shipped(lineID)
            let open = line.quantity.saturatingSubtracting(before)
            if quantity > open {
                shortages.append(Self.shortage(line, requested: quantity, available: open))
            }
            shippedNow[lineID] = quantity
            changes.append(
                OrderText.change(
                    "lines[id=\(lineID)].quantity_shipped", before.description,
                    before.saturatingAdding(quantity).description))
        }
        try violations.throwIfAny()
        if !shortages.isEmpty {
            throw DomainError(
                .failedPrecondition, "order \(order.id): shipment exceeds what is completed and not yet shipped",
                shortages: shortages, subject: "order \(order.id)", currentState: OrderLifecycle.name(order.state))
        }
        let complete = order.content.lines.allSatisfy { line in
            order.shipped(line.lineID).saturatingAdding(shippedNow[line.lineID] ?? .zero) >= line.quantity
        }
        changes.append(OrderText.change("shipment_reference", "", request.shipmentReference))

        var shipped = Oms_Journal_V1_OrderShipped()
        shipped.orderID = order.id
        shipped.version = order.version + 1
        shipped.shipmentReference = request.shipmentReference
        shipped.shippedAt = request.hasShippedAt ? request.shippedAt : envelope.at
        shipped.lines = quantities.map { lineID, quantity in
            var line = Oms_Journal_V1_ShippedQuantity()
            line.lineID = lineID
            line.quantityMicros = quantity.micros
            return line
        }
        shipped.previousState = order.state
        shipped.newState = complete ? .shipped : order.state
        shipped.changes = changes
        var event = envelope
        event.orderShipped = shipped
        return outcome(order, event)
    }

    /// The request's lines as (line_id, quantity), in request order.
    private static func shipmentLines(
        _ lines: [Oms_V1_ShipmentLine], _ violations: inout OrderViolations
    ) -> [(String, Quantity)] {
        if lines.isEmpty { violations.add("lines", "at least one line is required") }
        var seen: Set<String> = []
        var quantities: [(String, Quantity)] = []
        for (index, line) in lines.enumerated() {
            let path = "lines[\(index)]"
            violations.required(line.lineID, "\(path).line_id")
            if !line.lineID.isEmpty && !seen.insert(line.lineID).inserted {
                violations.add("\(path).line_id", "line_id \"\(line.lineID)\" appears more than once")
            }
            if let quantity = positiveQuantity(line.quantity, "\(path).quantity", &violations) {
                quantities.append((line.lineID, quantity))
            }
        }
        return quantities
    }

    /// A recorded shipment against a retry of it, line by line.
    private static func differences(
        recorded: [String: Quantity], requested: [(String, Quantity)]
    ) -> [Oms_V1_FieldChange] {
        let requestedByLine = Dictionary(requested, uniquingKeysWith: { first, _ in first })
        return Set(recorded.keys).union(requestedByLine.keys).sorted().compactMap { lineID in
            let before = recorded[lineID]
            let after = requestedByLine[lineID]
            guard before != after else { return nil }
            return OrderText.change(
                "lines[id=\(lineID)].quantity", before?.description ?? "", after?.description ?? "")
        }
    }

    private static func shortage(
        _ line: OrderLineRecord, requested: Quantity, available: Quantity
    ) -> Oms_V1_QuantityShortage {
        var shortage = Oms_V1_QuantityShortage()
        shortage.item = line.itemID
        shortage.requested = requested.description
        shortage.available = available.description
        shortage.unit = line.unit
        return shortage
    }
}
