import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// Transfer, step 1, decided by the source plant. Checks, in order:
    /// - from_plant_id: "" or this plant; to_plant_id required (INVALID_ARGUMENT);
    /// - the same plant and location on both ends: INVALID_ARGUMENT (to_location_id);
    /// - lines: at least one, unless a reservation_id ships everything it holds;
    /// - without reservation_id, per line: item_id required, quantity > 0, an
    ///   item this plant knows (NOT_FOUND), unit as the item's; lines of one
    ///   item are merged; more than available at from_location_id is
    ///   FAILED_PRECONDITION with a QuantityShortage per item, as in Reserve;
    /// - with reservation_id: Consume's checks (NOT_FOUND, PERMISSION_DENIED,
    ///   not ACTIVE or expired, a line it does not have, more than it holds),
    ///   its lines taken at from_location_id;
    /// - between locations of this plant: on hand at the destination in range.
    /// The transfer id is "<plant>-T<n>"; one TRANSFER_OUT movement per line
    /// (and one TRANSFER_IN when it stays in the plant, received at once).
    func decideTransfer(
        _ request: Oms_V1_TransferStockRequest, context: CommandContext
    ) throws(DomainError) -> (Oms_Journal_V1_InventoryEvent, Oms_V1_TransferStockResponse) {
        try checkPlant(request.fromPlantID, field: "from_plant_id")
        try required(request.toPlantID, field: "to_plant_id")
        let local = request.toPlantID == plantID
        if local && request.fromLocationID == request.toLocationID {
            throw .invalid("to_location_id", "the same plant and location as the source: nothing would move")
        }
        if request.lines.isEmpty && request.reservationID.isEmpty {
            throw .invalid("lines", "at least one line is required (or a reservation_id to ship all it holds)")
        }
        if request.hasExpectedArrival { try checkTime(request.expectedArrival, field: "expected_arrival") }
        var lines: [Oms_Journal_V1_TransferQuantity]
        if request.reservationID.isEmpty {
            lines = try linesFromAvailable(request)
        } else {
            lines = try linesFromReservation(request, context: context)
        }

        var event = Self.envelope(context)
        for index in lines.indices {
            lines[index].outMovementID = movementID(offset: index)
            guard local else { continue }
            let arriving = StockKey(itemID: lines[index].itemID, locationID: request.toLocationID)
            if figures(arriving).onHand.adding(Quantity(micros: lines[index].quantityMicros)) == nil {
                throw Self.overflow("lines")
            }
            lines[index].inMovementID = movementID(offset: lines.count + index)
            lines[index].receivedMicros = lines[index].quantityMicros
        }
        var record = Oms_Journal_V1_TransferRecord()
        record.transferID = nextTransferID()
        record.fromPlantID = plantID
        record.fromLocationID = request.fromLocationID
        record.toPlantID = request.toPlantID
        record.toLocationID = request.toLocationID
        record.lines = lines
        record.shippedAt = event.at
        if request.hasExpectedArrival { record.expectedArrival = request.expectedArrival }
        if local { record.receivedAt = event.at }
        record.reference = request.reference
        record.reservationID = request.reservationID
        record.version = 1
        var shipped = Oms_Journal_V1_TransferShipped()
        shipped.transfer = record
        event.transferShipped = shipped

        var response = Oms_V1_TransferStockResponse()
        response.transfer = Self.transferView(record)
        return (event, response)
    }

    /// From available stock at the source location: merged per item, all or nothing.
    private func linesFromAvailable(
        _ request: Oms_V1_TransferStockRequest
    ) throws(DomainError) -> [Oms_Journal_V1_TransferQuantity] {
        var merged: [Oms_Journal_V1_TransferQuantity] = []
        for (index, line) in request.lines.enumerated() {
            let field = "lines[\(index)]"
            let (quantity, unit) = try checkedStockLine(line, field: field)
            if let at = merged.firstIndex(where: { $0.itemID == line.itemID }) {
                guard let sum = Quantity(micros: merged[at].quantityMicros).adding(quantity) else {
                    throw Self.overflow("\(field).quantity")
                }
                merged[at].quantityMicros = sum.micros
            } else {
                var out = Oms_Journal_V1_TransferQuantity()
                out.itemID = line.itemID
                out.unit = unit
                out.quantityMicros = quantity.micros
                merged.append(out)
            }
        }
        let shortages = merged.compactMap { line -> Oms_V1_QuantityShortage? in
            let key = StockKey(itemID: line.itemID, locationID: request.fromLocationID)
            let available = figures(key).available
            let quantity = Quantity(micros: line.quantityMicros)
            return quantity > available ? Self.shortage(key, unit: line.unit, requested: quantity, available: available) : nil
        }
        if !shortages.isEmpty { throw Self.insufficientStock(shortages) }
        return merged
    }

    /// From a reservation's held stock at the source location, with Consume's
    /// checks (lines empty = all it still holds, which must be at that location).
    private func linesFromReservation(
        _ request: Oms_V1_TransferStockRequest, context: CommandContext
    ) throws(DomainError) -> [Oms_Journal_V1_TransferQuantity] {
        // A production order's material stays where the material check put it:
        // shipped away, the lot would count stock it no longer has.
        if case .productionOrderID(let lot)? = reservations[request.reservationID]?.owner {
            throw DomainError(
                .failedPrecondition,
                "reservation \(request.reservationID) holds the material of production order \(lot) and cannot be shipped",
                field: "reservation_id", subject: "reservation \(request.reservationID)", currentState: "PRODUCTION_MATERIAL")
        }
        let atSource = request.lines.map { line in
            var line = line
            line.locationID = request.fromLocationID
            return line
        }
        let (_, taken) = try takeFromReservation(request.reservationID, atSource, context: context)
        var lines: [Oms_Journal_V1_TransferQuantity] = []
        for quantity in taken {
            if quantity.locationID != request.fromLocationID {
                throw .invalid(
                    "from_location_id",
                    "reservation \(request.reservationID) holds \(quantity.itemID) at location \"\(quantity.locationID)\", not at \"\(request.fromLocationID)\"")
            }
            var line = Oms_Journal_V1_TransferQuantity()
            line.itemID = quantity.itemID
            line.unit = quantity.unit
            line.quantityMicros = quantity.quantityMicros
            lines.append(line)
        }
        return lines
    }

    /// The contract's view of a transfer record.
    static func transferView(_ record: Oms_Journal_V1_TransferRecord) -> Oms_V1_Transfer {
        var transfer = Oms_V1_Transfer()
        transfer.transferID = record.transferID
        transfer.fromPlantID = record.fromPlantID
        transfer.fromLocationID = record.fromLocationID
        transfer.toPlantID = record.toPlantID
        transfer.toLocationID = record.toLocationID
        transfer.lines = record.lines.map { line in
            var out = Oms_V1_TransferLine()
            out.itemID = line.itemID
            out.unit = line.unit
            out.quantity = Quantity(micros: line.quantityMicros).description
            out.quantityReceived = Quantity(micros: line.receivedMicros).description
            return out
        }
        transfer.state = record.hasReceivedAt ? .received : .inTransit
        transfer.shippedAt = record.shippedAt
        if record.hasExpectedArrival { transfer.expectedArrival = record.expectedArrival }
        if record.hasReceivedAt { transfer.receivedAt = record.receivedAt }
        transfer.reference = record.reference
        transfer.version = record.version
        return transfer
    }
}
