public import OMSProto

extension InventoryState {
    /// Receive: every line > 0, units consistent with the item's (the first
    /// line naming a unit fixes an unknown item's unit). Each line becomes a
    /// RECEIPT movement, or with RECEIPT_KIND_TRANSFER a TRANSFER_IN movement
    /// of the arriving transfer (`arrivingTransfer`, `checkArrivingLine`,
    /// `checkOutstanding`: its items, at its location, at most what is outstanding).
    func decideReceive(
        _ request: Oms_V1_ReceiveStockRequest, context: CommandContext
    ) throws(DomainError) -> (Oms_Journal_V1_InventoryEvent, Oms_V1_ReceiveStockResponse) {
        try checkPlant(request.plantID)
        if request.lines.isEmpty { throw .invalid("lines", "at least one line is required") }
        if case .UNRECOGNIZED(let raw) = request.kind { throw .invalid("kind", "unknown receipt kind \(raw)") }
        if request.kind == .transfer && request.transferID.isEmpty {
            throw .invalid("transfer_id", "required for RECEIPT_KIND_TRANSFER")
        }
        if request.kind != .transfer && !request.transferID.isEmpty {
            throw .invalid("kind", "a receipt with a transfer_id must be RECEIPT_KIND_TRANSFER")
        }
        let transfer = request.kind == .transfer ? try arrivingTransfer(request.transferID) : nil
        var arriving: [String: Quantity] = [:]

        var units: [String: String] = [:]
        var onHand: [StockKey: Quantity] = [:]
        var lines: [Oms_Journal_V1_StockQuantity] = []
        var event = Self.envelope(context)
        var response = Oms_V1_ReceiveStockResponse()
        for (index, line) in request.lines.enumerated() {
            let field = "lines[\(index)]"
            try required(line.itemID, field: "\(field).item_id")
            let quantity = try positiveQuantity(line.quantity, field: "\(field).quantity")
            var key = StockKey(itemID: line.itemID, locationID: line.locationID)
            var known = units[line.itemID] ?? itemUnits[line.itemID] ?? ""
            if let transfer {
                let (shipped, arrivingAt) = try checkArrivingLine(line, of: transfer, field: field)
                key = arrivingAt
                if known.isEmpty { known = shipped.unit }
                arriving[line.itemID] = arriving[line.itemID, default: .zero].saturatingAdding(quantity)
            }
            try checkUnit(line.unit, known: known, itemID: line.itemID, field: "\(field).unit")
            let unit = known.isEmpty ? line.unit : known
            units[line.itemID] = unit

            guard let after = (onHand[key] ?? figures(key).onHand).adding(quantity) else {
                throw Self.overflow("\(field).quantity")
            }
            onHand[key] = after

            let booked = Oms_Journal_V1_StockQuantity(key, unit: unit, quantity, movementID: movementID(offset: index))
            lines.append(booked)

            // A transfer's arrival is booked as TRANSFER_IN, as the ledger shows it.
            var movement = Self.movement(
                id: booked.movementID, plantID: plantID, key: key, kind: request.kind.movementKind, quantity: quantity,
                unit: unit, onHandAfter: after, event: event)
            movement.transferID = request.transferID
            movement.expectedReceiptID = request.expectedReceiptID
            movement.reference = request.reference
            response.movements.append(movement)
        }
        if let transfer { try checkOutstanding(arriving, of: transfer) }

        var received = Oms_Journal_V1_StockReceived()
        received.lines = lines
        received.kind = request.kind
        received.transferID = request.transferID
        received.expectedReceiptID = request.expectedReceiptID
        received.reference = request.reference
        event.stockReceived = received
        return (event, response)
    }
}

extension Oms_V1_ReceiptKind {
    /// The ledger kind of a receipt's lines: a transfer's arrival is
    /// TRANSFER_IN, every other receipt RECEIPT.
    public var movementKind: Oms_V1_MovementKind {
        self == .transfer ? .transferIn : .receipt
    }
}
