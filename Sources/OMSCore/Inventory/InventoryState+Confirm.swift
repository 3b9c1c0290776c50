import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// ConfirmReservation: an ACTIVE reservation of the caller becomes firm
    /// (no expires_at) or gets a new expiry, which must be in the future.
    /// The checks are Release's (NOT_FOUND, PERMISSION_DENIED,
    /// FAILED_PRECONDITION once released, consumed or expired).
    func decideConfirm(
        _ request: Oms_V1_ConfirmReservationRequest, context: CommandContext
    ) throws(DomainError) -> (Oms_Journal_V1_InventoryEvent, Oms_V1_ConfirmReservationResponse) {
        var reservation = try heldReservation(request.reservationID, context: context)
        let now = Google_Protobuf_Timestamp(date: context.now)
        if request.hasExpiresAt { try checkTime(request.expiresAt, field: "expires_at") }
        if request.hasExpiresAt && Google_Protobuf_Timestamp.precedesOrEquals(request.expiresAt, now) {
            throw .invalid("expires_at", "must be in the future; leave it unset to make the reservation firm")
        }
        var confirmed = Oms_Journal_V1_ReservationConfirmed()
        confirmed.reservationID = reservation.id
        if request.hasExpiresAt { confirmed.expiresAt = request.expiresAt }
        var event = Self.envelope(context)
        event.reservationConfirmed = confirmed

        reservation.confirm(confirmed, at: event.at)
        var response = Oms_V1_ConfirmReservationResponse()
        response.reservation = reservation.proto(plantID: plantID)
        return (event, response)
    }
}

extension ReservationRecord {
    mutating func confirm(_ confirmed: Oms_Journal_V1_ReservationConfirmed, at: Google_Protobuf_Timestamp) {
        expiresAt = confirmed.hasExpiresAt ? confirmed.expiresAt : nil
        updatedAt = at
        version += 1
    }
}
