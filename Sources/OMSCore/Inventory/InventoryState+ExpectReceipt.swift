import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// ExpectReceipt: announces, changes or (quantity "0") withdraws a receipt
    /// expected on a date, keyed by the caller's id. It counts as on order and
    /// as supply in the ATP curve until received (Receive with
    /// expected_receipt_id lowers it) or withdrawn. An id keeps its item. The
    /// same content again changes nothing (no event).
    func decideExpectReceipt(
        _ request: Oms_V1_ExpectReceiptRequest, context: CommandContext
    ) throws(DomainError) -> ([Oms_Journal_V1_InventoryEvent], Oms_V1_ExpectReceiptResponse) {
        try checkPlant(request.plantID)
        try required(request.expectedReceiptID, field: "expected_receipt_id")
        try required(request.itemID, field: "item_id")
        let quantity = try decimal(request.quantity, field: "quantity")
        if quantity.isNegative { throw .invalid("quantity", "must be zero (withdraw) or more, got \"\(request.quantity)\"") }
        if case .UNRECOGNIZED(let raw) = request.kind { throw .invalid("kind", "unknown receipt kind \(raw)") }
        let existing = expectedReceipts[request.expectedReceiptID]
        if let existing, existing.itemID != request.itemID {
            throw .invalid(
                "item_id", "expected receipt \(request.expectedReceiptID) is for item \(existing.itemID), not \(request.itemID)")
        }
        if existing == nil && !quantity.isPositive {
            throw DomainError(
                .notFound, "expected receipt \(request.expectedReceiptID) not found: nothing to withdraw",
                field: "expected_receipt_id")
        }
        if quantity.isPositive && !request.hasExpectedAt {
            throw .invalid("expected_at", "required: when the receipt is expected")
        }
        if request.hasExpectedAt { try checkTime(request.expectedAt, field: "expected_at") }
        let known = itemUnits[request.itemID] ?? existing?.unit ?? ""
        try checkUnit(request.unit, known: known, itemID: request.itemID, field: "unit")

        var receipt = Oms_Journal_V1_ReceiptExpected()
        receipt.expectedReceiptID = request.expectedReceiptID
        receipt.itemID = request.itemID
        receipt.locationID = request.locationID
        receipt.unit = known.isEmpty ? request.unit : known
        receipt.kind = request.kind
        receipt.quantityOpenMicros = quantity.micros
        receipt.expectedAt = quantity.isPositive ? request.expectedAt : (existing?.expectedAt ?? request.expectedAt)
        receipt.reference = request.reference
        receipt.version = existing?.version ?? 0
        if let existing, existing == receipt { return ([], response(existing)) }
        receipt.version += 1

        var event = Self.envelope(context)
        event.receiptExpected = receipt
        return ([event], response(receipt))
    }

    private func response(_ receipt: Oms_Journal_V1_ReceiptExpected) -> Oms_V1_ExpectReceiptResponse {
        var response = Oms_V1_ExpectReceiptResponse()
        response.expectedReceipt = expectedReceiptView(receipt)
        return response
    }

    /// The contract's view of an expected receipt.
    func expectedReceiptView(_ receipt: Oms_Journal_V1_ReceiptExpected) -> Oms_V1_ExpectedReceipt {
        var out = Oms_V1_ExpectedReceipt()
        out.expectedReceiptID = receipt.expectedReceiptID
        out.plantID = plantID
        out.locationID = receipt.locationID
        out.itemID = receipt.itemID
        out.unit = receipt.unit
        out.kind = receipt.kind
        out.quantityOpen = Quantity(micros: receipt.quantityOpenMicros).description
        out.expectedAt = receipt.expectedAt
        out.reference = receipt.reference
        out.version = receipt.version
        return out
    }
}

extension Oms_Journal_V1_ReceiptExpected {
    /// For this item at this location (any location when the key has none).
    func matches(_ key: StockKey) -> Bool {
        itemID == key.itemID && (key.locationID.isEmpty || locationID == key.locationID)
    }
}
