public import OMSProto

extension InventoryState {
    /// ListReservations for this plant: reservations matching every filter
    /// (empty = any; no states = ACTIVE only), oldest first (by the n of
    /// "<plant>-R<n>"), those after reservation number `after`, at most
    /// `limit`; `more` tells whether others follow. ACTIVE ones are walked
    /// in order from `after` and the walk stops when the page is full; other
    /// states scan the plant's reservations once and keep only the page.
    public func listReservations(
        _ request: Oms_V1_ListReservationsRequest, after: UInt64, limit: Int
    ) -> (reservations: [Oms_V1_Reservation], more: Bool) {
        let states = request.states.isEmpty ? [.active] : Set(request.states)
        func matches(_ reservation: ReservationRecord) -> Bool {
            (request.itemID.isEmpty || reservation.lines.contains { $0.key.itemID == request.itemID })
                && Self.ownerMatches(reservation.owner, request)
        }
        if states == [.active] {
            var page: [ReservationRecord] = []
            for number in activeReservations.members(after: after) {
                guard let reservation = reservations[reservationID(number: number)],
                    reservation.status == .active, matches(reservation)
                else { continue }
                if page.count == limit { return (page.map { $0.proto(plantID: plantID) }, true) }
                page.append(reservation)
            }
            return (page.map { $0.proto(plantID: plantID) }, false)
        }
        var page = SmallestKeys<ReservationRecord>(capacity: limit)
        for reservation in reservations.values where states.contains(reservation.status) {
            let number = Self.number(reservation.id)
            guard number > after, matches(reservation) else { continue }
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
