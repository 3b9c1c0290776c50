import Foundation
import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// Reserve: all lines or none.
    /// - Lines for the same (item, location) are merged into one reservation
    ///   line and checked together.
    /// - An item never received at this plant is NOT_FOUND (a typo or a
    ///   missing receipt, not a shortage); a known item with too little
    ///   available is a shortage.
    /// - Shortage: FAILED_PRECONDITION with one QuantityShortage per short
    ///   (item, location): requested (merged) and available.
    /// - With an idempotency key already used: the same request returns the
    ///   reservation as it is now, with no events; a different one is
    ///   ALREADY_EXISTS naming the first difference.
    func decideReserve(
        _ request: Oms_V1_ReserveStockRequest, context: CommandContext
    ) throws(DomainError) -> ([Oms_Journal_V1_InventoryEvent], Oms_V1_ReserveStockResponse) {
        try checkPlant(request.plantID)
        if !context.idempotencyKey.isEmpty, let first = idempotentReserves[context.idempotencyKey] {
            try checkSameReserve(first, request, principal: context.principal)
            var response = Oms_V1_ReserveStockResponse()
            if let existing = reservations[first.reservationID] {
                response.reservation = existing.proto(plantID: plantID)
            }
            return ([], response)
        }

        if request.lines.isEmpty { throw .invalid("lines", "at least one line is required") }
        let now = Google_Protobuf_Timestamp(date: context.now)
        if request.firm && request.hasExpiresAt { throw .invalid("expires_at", "must be unset when firm is true") }
        if request.hasExpiresAt { try checkTime(request.expiresAt, field: "expires_at") }
        if request.hasExpiresAt && Google_Protobuf_Timestamp.precedesOrEquals(request.expiresAt, now) {
            throw .invalid("expires_at", "must be in the future")
        }
        switch request.owner {
        case .orderLine(let ref)?: try required(ref.orderID, field: "order_line.order_id")
        case .productionOrderID(let id)?: try required(id, field: "production_order_id")
        case .externalReference(let ref)?: try required(ref, field: "external_reference")
        case nil: break
        }

        var order: [StockKey] = []
        var merged: [StockKey: (unit: String, quantity: Quantity)] = [:]
        for (index, line) in request.lines.enumerated() {
            let field = "lines[\(index)]"
            let (quantity, unit) = try checkedStockLine(line, field: field)
            let key = StockKey(itemID: line.itemID, locationID: line.locationID)
            if let sum = merged[key] {
                guard let total = sum.quantity.adding(quantity) else { throw Self.overflow("\(field).quantity") }
                merged[key] = (sum.unit, total)
            } else {
                order.append(key)
                merged[key] = (unit, quantity)
            }
        }

        var shortages: [Oms_V1_QuantityShortage] = []
        var lines: [Oms_Journal_V1_StockQuantity] = []
        for key in order {
            guard let (unit, quantity) = merged[key] else { continue }
            let available = figures(key).available
            if quantity > available {
                shortages.append(Self.shortage(key, unit: unit, requested: quantity, available: available))
            }
            lines.append(Oms_Journal_V1_StockQuantity(key, unit: unit, quantity))
        }
        if !shortages.isEmpty { throw Self.insufficientStock(shortages) }

        var created = Oms_Journal_V1_ReservationCreated()
        created.reservationID = nextReservationID()
        switch request.owner {
        case .orderLine(let ref)?: created.owner = .orderLine(ref)
        case .productionOrderID(let id)?: created.owner = .productionOrderID(id)
        case .externalReference(let ref)?: created.owner = .externalReference(ref)
        case nil: break
        }
        created.lines = lines
        if request.hasExpiresAt {
            created.expiresAt = request.expiresAt
        } else if !request.firm, let defaultHold {
            created.expiresAt = Google_Protobuf_Timestamp(date: context.now.addingTimeInterval(defaultHold))
        }
        created.idempotencyKey = context.idempotencyKey
        // Kept only to compare a retry under the same key with the first request.
        if !context.idempotencyKey.isEmpty { created.request = (try? request.serializedBytes()) ?? Data() }

        var event = Self.envelope(context)
        event.reservationCreated = created
        var response = Oms_V1_ReserveStockResponse()
        response.reservation = ReservationRecord(created: created, at: event.at, principal: event.principal)
            .proto(plantID: plantID)
        return ([event], response)
    }

    /// A retry must be the same request by the same principal; else
    /// ALREADY_EXISTS naming the first field that differs.
    func checkSameReserve(
        _ first: IdempotentReserve, _ request: Oms_V1_ReserveStockRequest, principal: String
    ) throws(DomainError) {
        func conflict(_ field: String?, _ what: String) -> DomainError {
            DomainError(
                .alreadyExists,
                "idempotency key was already used by reservation \(first.reservationID) with a different \(what)",
                field: field, subject: "reservation \(first.reservationID)")
        }
        if first.principal != principal { throw conflict(nil, "principal") }
        // Bytes this writer serialized: they parse (an empty request would only make every field differ).
        let old = (try? Oms_V1_ReserveStockRequest(serializedBytes: first.request)) ?? Oms_V1_ReserveStockRequest()
        if (old.plantID.isEmpty ? plantID : old.plantID) != (request.plantID.isEmpty ? plantID : request.plantID) {
            throw conflict("plant_id", "plant_id")
        }
        if old.owner != request.owner { throw conflict("owner", "owner") }
        if old.lines.count != request.lines.count { throw conflict("lines", "number of lines") }
        for (index, (a, b)) in zip(old.lines, request.lines).enumerated() {
            let field = "lines[\(index)]"
            if a.itemID != b.itemID { throw conflict("\(field).item_id", "\(field).item_id") }
            if a.locationID != b.locationID { throw conflict("\(field).location_id", "\(field).location_id") }
            if Quantity(a.quantity) != Quantity(b.quantity) || Quantity(b.quantity) == nil {
                throw conflict("\(field).quantity", "\(field).quantity")
            }
            if a.unit != b.unit { throw conflict("\(field).unit", "\(field).unit") }
        }
        if old.hasExpiresAt != request.hasExpiresAt || old.expiresAt != request.expiresAt {
            throw conflict("expires_at", "expires_at")
        }
        if old.firm != request.firm { throw conflict("firm", "firm") }
    }
}
