public import Foundation
public import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// Expiry, decided like a command: one ReservationExpired event (principal
    /// "system", at `now`) per ACTIVE reservation whose expires_at is at or
    /// before `now`, returning what it still held; oldest expiry first (ties
    /// by id). The shard calls it periodically (and may call it before each
    /// Reserve) and journals and applies the events like any others.
    ///
    /// Until then a reservation past its expiry still holds its stock, but
    /// Release and Consume already refuse it as expired.
    public func expire(now: Date) -> [Oms_Journal_V1_InventoryEvent] {
        let at = Google_Protobuf_Timestamp(date: now)
        // The index holds exactly the ACTIVE reservations with an expiry, in expiry order.
        let due = expiring.due(at: at).compactMap { reservations[$0] }
        return due.map { reservation in
            var expired = Oms_Journal_V1_ReservationExpired()
            expired.reservationID = reservation.id
            expired.lines = reservation.lines.compactMap { line in
                line.open.isPositive ? Oms_Journal_V1_StockQuantity(line.key, unit: line.unit, line.open) : nil
            }
            var event = Oms_Journal_V1_InventoryEvent()
            event.at = at
            event.principal = "system"
            event.reservationExpired = expired
            return event
        }
    }
}

extension InventoryState {
    /// Whether some ACTIVE reservation's expiry is at or before `now`: what
    /// makes an `expireReservations` command worth sending.
    public func hasExpiredReservations(now: Date) -> Bool {
        expiring.hasDue(at: Google_Protobuf_Timestamp(date: now))
    }
}
