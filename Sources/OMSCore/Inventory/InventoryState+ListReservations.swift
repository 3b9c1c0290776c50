public import OMSProto

extension InventoryState {
    /// ListReservations for this plant: reservations matching every filter
    /// (empty = any; no states = ACTIVE only), oldest first (by the n of
    /// "<plant>-R<n>"), those after reservation number `after`, at most
    /// `limit`; `more` tells whether others follow. Scans the plant's
    /// reservations once and keeps only the page.
    public func listReservations(
        _ request: Oms_V1_ListReservationsRequest, after: UInt64, limit: Int
    ) -> (reservations: [Oms_V1_Reservation], more: Bool) {
        let states = request.states.isEmpty ? [.active] : Set(request.states)
        var page = SmallestKeys<ReservationRecord>(capacity: limit)
        for reservation in reservations.values {
            guard states.contains(reservation.status) else { continue }
            let number = Self.number(reservation.id)
            guard number > after else { continue }
            if !request.itemID.isEmpty && !reservation.lines.contains(where: { $0.key.itemID == request.itemID }) {
                continue
            }
            guard Self.ownerMatches(reservation.owner, request) else { continue }
            page.offer(number, reservation)
        }
        return (page.ascending().map { $0.payload.proto(plantID: plantID) }, page.droppedAny)
    }

    /// Every owner filter given names this reservation's owner.
    static func ownerMatches(
        _ owner: Oms_Journal_V1_ReservationCreated.OneOf_Owner?, _ request: Oms_V1_ListReservationsRequest
    ) -> Bool {
        var (orderID, productionOrderID, externalReference) = ("", "", "")
        switch owner {
        case .orderLine(let line)?: orderID = line.orderID
        case .productionOrderID(let id)?: productionOrderID = id
        case .externalReference(let reference)?: externalReference = reference
        case nil: break
        }
        return (request.orderID.isEmpty || request.orderID == orderID)
            && (request.productionOrderID.isEmpty || request.productionOrderID == productionOrderID)
            && (request.externalReference.isEmpty || request.externalReference == externalReference)
    }

    /// n of "<plant>-R<n>".
    public static func number(_ reservationID: String) -> UInt64 {
        PlantScopedID.number(reservationID, marker: "-R")
    }
}
