import OMSProto

extension InventoryState {
    /// Transfer, step 2, at the destination: registers the transfer as the
    /// source shipped it, so it counts as in transit here. Idempotent by
    /// transfer id: a transfer already registered gives no events and its
    /// record as it is now (received quantities included).
    func decideInboundTransfer(
        _ shipped: Oms_Journal_V1_TransferRecord, context: CommandContext
    ) throws(DomainError) -> ([Oms_Journal_V1_InventoryEvent], Oms_V1_TransferStockResponse) {
        try checkPlant(shipped.toPlantID, field: "to_plant_id")
        try required(shipped.transferID, field: "transfer_id")
        var response = Oms_V1_TransferStockResponse()
        if let known = inboundTransfers[shipped.transferID] {
            response.transfer = Self.transferView(known)
            return ([], response)
        }
        var record = shipped
        for index in record.lines.indices {
            record.lines[index].receivedMicros = 0
            record.lines[index].inMovementID = ""
        }
        record.clearReceivedAt()
        var inbound = Oms_Journal_V1_TransferInbound()
        inbound.transfer = record
        var event = Self.envelope(context)
        event.transferInbound = inbound
        response.transfer = Self.transferView(record)
        return ([event], response)
    }

    /// Receive with RECEIPT_KIND_TRANSFER: the inbound transfer arriving.
    /// Unknown here (a wrong id, or a shipment not registered here yet): NOT_FOUND.
    func arrivingTransfer(_ transferID: String) throws(DomainError) -> Oms_Journal_V1_TransferRecord {
        guard let transfer = inboundTransfers[transferID] else {
            throw DomainError(
                .notFound,
                "transfer \(transferID) is not known at plant \(plantID) (not shipped here, or its shipment is not registered yet)",
                field: "transfer_id", subject: "transfer \(transferID)")
        }
        return transfer
    }

    /// A receipt line of an arriving transfer: an item of the transfer, at its
    /// destination location ("" = that location), in its unit. Returns the
    /// transfer's line and the location the stock arrives at.
    func checkArrivingLine(
        _ line: Oms_V1_StockLine, of transfer: Oms_Journal_V1_TransferRecord, field: String
    ) throws(DomainError) -> (Oms_Journal_V1_TransferQuantity, StockKey) {
        guard let shipped = transfer.lines.first(where: { $0.itemID == line.itemID }) else {
            throw DomainError(
                .failedPrecondition, "transfer \(transfer.transferID) has no item \(line.itemID)",
                field: "\(field).item_id", subject: "transfer \(transfer.transferID)",
                currentState: Self.stateName(transfer))
        }
        if !line.locationID.isEmpty && line.locationID != transfer.toLocationID {
            throw .invalid(
                "\(field).location_id",
                "transfer \(transfer.transferID) arrives at location \"\(transfer.toLocationID)\", not \"\(line.locationID)\"")
        }
        try checkUnit(line.unit, known: shipped.unit, itemID: line.itemID, field: "\(field).unit")
        if let unit = itemUnits[line.itemID], !unit.isEmpty, !shipped.unit.isEmpty, unit != shipped.unit {
            throw DomainError(
                .failedPrecondition,
                "item \(line.itemID) is kept in \(unit) at plant \(plantID) but transfer \(transfer.transferID) shipped it in \(shipped.unit)",
                field: "\(field).unit", subject: "transfer \(transfer.transferID)")
        }
        return (shipped, StockKey(itemID: line.itemID, locationID: transfer.toLocationID))
    }

    /// At most what is still outstanding per item (the receipt's lines of an
    /// item summed): FAILED_PRECONDITION with a QuantityShortage per item
    /// (requested = arriving, available = outstanding).
    func checkOutstanding(
        _ arriving: [String: Quantity], of transfer: Oms_Journal_V1_TransferRecord
    ) throws(DomainError) {
        var shortages: [Oms_V1_QuantityShortage] = []
        for line in transfer.lines {
            guard let quantity = arriving[line.itemID] else { continue }
            let outstanding = Self.outstanding(line)
            if quantity > outstanding {
                shortages.append(
                    Self.shortage(
                        StockKey(itemID: line.itemID, locationID: transfer.toLocationID), unit: line.unit,
                        requested: quantity, available: outstanding))
            }
        }
        if shortages.isEmpty { return }
        let what = shortages.map { "\($0.item): arriving \($0.requested), outstanding \($0.available)" }
        throw DomainError(
            .failedPrecondition,
            "more than transfer \(transfer.transferID) still has in transit: " + what.joined(separator: "; "),
            shortages: shortages, subject: "transfer \(transfer.transferID)", currentState: Self.stateName(transfer))
    }

    static func outstanding(_ line: Oms_Journal_V1_TransferQuantity) -> Quantity {
        Quantity(micros: line.quantityMicros).saturatingSubtracting(Quantity(micros: line.receivedMicros))
    }

    static func stateName(_ transfer: Oms_Journal_V1_TransferRecord) -> String {
        transfer.hasReceivedAt ? "RECEIVED" : "IN_TRANSIT"
    }
}
