import OMSProto
import SwiftProtobuf

extension OrderBook {
    /// Split: an open production order (CREATED or PLANNED) becomes one new
    /// CREATED lot per part, and is SUPERSEDED. The parts' quantities must
    /// sum to exactly the lot's. Pegs go to the parts in order, earliest-due
    /// demand first, a peg divided where a part is full, so every pegged
    /// quantity lands exactly once. A part may name an alternate routing of
    /// the same item and plant.
    func decideSplit(
        _ request: Oms_V1_SplitProductionOrderRequest, _ envelope: Oms_Journal_V1_OrderEvent, masterData: Catalog
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], response: Oms_V1_SplitProductionOrderResponse) {
        var violations = OrderViolations()
        violations.required(request.productionOrderID, "production_order_id")
        if request.parts.count < 2 { violations.add("parts", "at least two parts, got \(request.parts.count)") }
        let quantities = request.parts.enumerated().map { index, part in
            Self.positiveQuantity(part.quantity, "parts[\(index)].quantity", &violations)
        }
        for (index, part) in request.parts.enumerated() where part.hasDueDate && !Self.isValid(part.dueDate) {
            violations.add("parts[\(index)].due_date", "not a valid time")
        }
        if Self.isBlank(request.reason) { violations.add("reason", "required") }
        try violations.throwIfAny()

        let lot = try existingLot(request.productionOrderID)
        if request.expectedVersion != 0 && request.expectedVersion != lot.version {
            throw .productionVersionConflict(lot, expected: request.expectedVersion)
        }
        guard lot.isOpen else { throw .productionState(lot, cannot: "split") }
        let total = quantities.reduce(Quantity.zero) { $0.saturatingAdding($1 ?? .zero) }
        guard total == lot.quantity else {
            throw .invalid("parts", "quantities sum to \(total); production order \(lot.productionOrderID) has \(lot.quantity)")
        }
        var productions: [ItemProduction] = []
        for (index, part) in request.parts.enumerated() {
            productions.append(try partProduction(part.routingID, of: lot, field: "parts[\(index)].routing_id", masterData))
        }

        var draft = productionDraft(envelope)
        var pegs = lot.pegs.sorted(by: Self.earliestDemandFirst)[...]
        var created: [Oms_Journal_V1_ProductionOrderRecord] = []
        for (index, part) in request.parts.enumerated() {
            var room = quantities[index] ?? .zero
            var assigned: [Oms_Journal_V1_PegRecord] = []
            while room > .zero, var peg = pegs.first {
                let quantity = Quantity(micros: peg.quantityMicros)
                if quantity <= room {
                    pegs.removeFirst()
                } else {
                    pegs[pegs.startIndex].quantityMicros = (quantity - room).micros
                    peg.quantityMicros = room.micros
                }
                room = room - Quantity(micros: peg.quantityMicros)
                assigned.append(peg)
            }
            let due = part.hasDueDate ? part.dueDate : assigned.earliestDue ?? lot.dueDate
            created.append(
                draft.create(
                    productions[index], quantity: quantities[index] ?? .zero, pegs: assigned, dueDate: due,
                    derivedFrom: [lot.productionOrderID]))
        }
        var superseded = lot
        superseded.state = .superseded
        superseded.supersededBy = created.map(\.productionOrderID)
        draft.update(superseded, .superseded)

        let event = productionEvent(
            draft, envelope, reason: request.reason, orderAction: .split, orders: Self.orderIDs(of: [lot]))
        var response = Oms_V1_SplitProductionOrderResponse()
        response.productionOrders = created.map(view)
        return (event.map { [$0] } ?? [], response)
    }

    /// How a part is made: like the lot, or along another routing of the
    /// same item and plant that is not retired.
    private func partProduction(
        _ routingID: String, of lot: Oms_Journal_V1_ProductionOrderRecord, field: String, _ masterData: Catalog
    ) throws(DomainError) -> ItemProduction {
        var production = ItemProduction(lot: lot)
        guard !routingID.isEmpty, routingID != lot.routingID else { return production }
        guard let routing = masterData.routing(id: routingID) else {
            throw .invalid(field, "no routing \"\(routingID)\"")
        }
        guard routing.itemID == lot.itemID, routing.plantID == plantID, !routing.retired else {
            throw .invalid(
                field, "routing \"\(routingID)\" does not make item \(lot.itemID) in plant \(plantID), or is retired")
        }
        production.routingID = routing.routingID
        production.routingVersion = routing.version
        return production
    }

    /// Earliest due first; ties by order and line, so the result is the same on every replica.
    static func earliestDemandFirst(_ lhs: Oms_Journal_V1_PegRecord, _ rhs: Oms_Journal_V1_PegRecord) -> Bool {
        if lhs.dueDate != rhs.dueDate { return OrderText.precedes(lhs.dueDate, rhs.dueDate) }
        return (lhs.orderID, lhs.lineID) < (rhs.orderID, rhs.lineID)
    }

    /// The orders pegged to the lots, each once, in first-seen order.
    static func orderIDs(of lots: [Oms_Journal_V1_ProductionOrderRecord]) -> [String] {
        var seen = Set<String>()
        return lots.flatMap(\.pegs).map(\.orderID).filter { seen.insert($0).inserted }
    }
}
