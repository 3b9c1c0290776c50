import Foundation
import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// Release: returns held stock to available. Lines empty = everything
    /// still held.
    func decideRelease(
        _ request: Oms_V1_ReleaseReservationRequest, context: CommandContext
    ) throws(DomainError) -> (Oms_Journal_V1_InventoryEvent, Oms_V1_ReleaseReservationResponse) {
        let (reservation, quantities) = try takeFromReservation(request.reservationID, request.lines, context: context)
        var released = Oms_Journal_V1_ReservationReleased()
        released.reservationID = reservation.id
        released.lines = quantities
        released.reason = request.reason
        var event = Self.envelope(context)
        event.reservationReleased = released

        var after = reservation
        after.apply(.release, quantities, at: event.at)
        var response = Oms_V1_ReleaseReservationResponse()
        response.reservation = after.proto(plantID: plantID)
        return (event, response)
    }

    /// Consume: issues held stock; on hand and reserved both go down, one
    /// ISSUE movement per line. Lines empty = everything still held.
    func decideConsume(
        _ request: Oms_V1_ConsumeReservationRequest, context: CommandContext
    ) throws(DomainError) -> (Oms_Journal_V1_InventoryEvent, Oms_V1_ConsumeReservationResponse) {
        var (reservation, quantities) = try takeFromReservation(request.reservationID, request.lines, context: context)
        for index in quantities.indices {
            quantities[index].movementID = movementID(offset: index)
        }
        var consumed = Oms_Journal_V1_ReservationConsumed()
        consumed.reservationID = reservation.id
        consumed.lines = quantities
        consumed.reference = request.reference
        consumed.reason = request.reason
        var event = Self.envelope(context)
        event.reservationConsumed = consumed

        var response = Oms_V1_ConsumeReservationResponse()
        for line in quantities {
            let key = StockKey(itemID: line.itemID, locationID: line.locationID)
            let amount = Quantity(micros: line.quantityMicros)
            var movement = Self.movement(
                id: line.movementID, plantID: plantID, key: key, kind: .issue,
                quantity: Quantity(micros: -line.quantityMicros), unit: line.unit,
                onHandAfter: figures(key).onHand.saturatingSubtracting(amount), event: event)
            movement.reservationID = reservation.id
            movement.reference = request.reference
            movement.reason = request.reason
            response.movements.append(movement)
        }
        reservation.apply(.consume, quantities, at: event.at)
        response.reservation = reservation.proto(plantID: plantID)
        return (event, response)
    }

    /// The checks Release and Consume share, and the quantities they take:
    /// those of `heldReservation`, then
    /// - a line the reservation does not have: INVALID_ARGUMENT;
    /// - more than still held (lines for the same (item, location) summed):
    ///   FAILED_PRECONDITION with a QuantityShortage (available = held).
    func takeFromReservation(
        _ reservationID: String, _ requestLines: [Oms_V1_StockLine], context: CommandContext
    ) throws(DomainError) -> (ReservationRecord, [Oms_Journal_V1_StockQuantity]) {
        let reservation = try heldReservation(reservationID, context: context)
        let subject = "reservation \(reservationID)"

        var taken: [Quantity] = reservation.lines.map { _ in .zero }
        if requestLines.isEmpty {
            taken = reservation.lines.map(\.open)
        } else {
            for (index, line) in requestLines.enumerated() {
                let field = "lines[\(index)]"
                try required(line.itemID, field: "\(field).item_id")
                let key = StockKey(itemID: line.itemID, locationID: line.locationID)
                guard let lineIndex = reservation.lineIndex(key) else {
                    throw .invalid("\(field).item_id", "reservation \(reservationID) has no line for \(key)")
                }
                let quantity = try positiveQuantity(line.quantity, field: "\(field).quantity")
                try checkUnit(line.unit, known: reservation.lines[lineIndex].unit, itemID: line.itemID, field: "\(field).unit")
                guard let sum = taken[lineIndex].adding(quantity) else { throw Self.overflow("\(field).quantity") }
                taken[lineIndex] = sum
            }
        }

        var shortages: [Oms_V1_QuantityShortage] = []
        var quantities: [Oms_Journal_V1_StockQuantity] = []
        for (line, amount) in zip(reservation.lines, taken) where amount.isPositive {
            if amount > line.open {
                shortages.append(Self.shortage(line.key, unit: line.unit, requested: amount, available: line.open))
            }
            quantities.append(Oms_Journal_V1_StockQuantity(line.key, unit: line.unit, amount))
        }
        if !shortages.isEmpty {
            throw DomainError(
                .failedPrecondition, "reservation \(reservationID) holds less than requested",
                shortages: shortages, subject: subject, currentState: Self.stateName(reservation.status))
        }
        return (reservation, quantities)
    }

    /// The checks every change of a held reservation makes (Release, Consume,
    /// ConfirmReservation):
    /// - unknown reservation: NOT_FOUND;
    /// - another principal's reservation (both principals non-empty, caller
    ///   not granted all reservations): PERMISSION_DENIED;
    /// - not ACTIVE, or past its expiry: FAILED_PRECONDITION with the state.
    func heldReservation(_ reservationID: String, context: CommandContext) throws(DomainError) -> ReservationRecord {
        try required(reservationID, field: "reservation_id")
        guard let reservation = reservations[reservationID] else {
            throw DomainError(
                .notFound, "reservation \(reservationID) not found", field: "reservation_id",
                subject: "reservation \(reservationID)")
        }
        if !context.actsForAllPrincipals && !context.principal.isEmpty && !reservation.reservedBy.isEmpty
            && context.principal != reservation.reservedBy
        {
            throw DomainError(
                .permissionDenied,
                "reservation \(reservationID) belongs to \(reservation.reservedBy), not \(context.principal)",
                subject: "reservation \(reservationID)")
        }
        let subject = "reservation \(reservationID)"
        if reservation.status != .active {
            throw DomainError(
                .failedPrecondition, "reservation \(reservationID) is \(Self.stateName(reservation.status))",
                subject: subject, currentState: Self.stateName(reservation.status))
        }
        if let expiresAt = reservation.expiresAt,
            Google_Protobuf_Timestamp.precedesOrEquals(expiresAt, Google_Protobuf_Timestamp(date: context.now))
        {
            throw DomainError(
                .failedPrecondition, "reservation \(reservationID) has expired", subject: subject,
                currentState: Self.stateName(.expired))
        }

        return reservation
    }

    static func stateName(_ state: Oms_V1_ReservationState) -> String {
        switch state {
        case .unspecified: "UNSPECIFIED"
        case .active: "ACTIVE"
        case .consumed: "CONSUMED"
        case .released: "RELEASED"
        case .expired: "EXPIRED"
        case .UNRECOGNIZED(let raw): "UNRECOGNIZED(\(raw))"
        }
    }
}
