public import OMSProto

extension InventoryState {
    /// How many reservations one listing call looks at, at most: it runs
    /// under the plant's read lock, which the plant's writer waits for, so
    /// a filter that matches few of many reservations returns a short (even
    /// empty) page and a place to go on from, instead of scanning them all.
    public static let listingBudget = 10_000

    /// ListReservations for this plant: reservations matching every filter
    /// (empty = any; no states = ACTIVE only), oldest first (by the n of
    /// "<plant>-R<n>"), numbered after `after`, at most `limit`. Walks, in
    /// number order, the postings of its owner or item filter
    /// (`reservationPostings`) if it has one, else the numbers of the states
    /// asked for, looking at no more than `budget` reservations.
    /// `resumeAfter` is where the next page starts when more may follow (the
    /// last reservation listed, or the last one looked at if the budget ran
    /// out first), nil when none does.
    public func listReservations(
        _ request: Oms_V1_ListReservationsRequest, after: UInt64, limit: Int, budget: Int = listingBudget
    ) -> (reservations: [Oms_V1_Reservation], resumeAfter: UInt64?) {
        let states = request.states.isEmpty ? [.active] : Set(request.states)
        if let candidates = reservationPostings.candidates(request) {
            return listReservations(
                request, states: states, numbers: candidates.members(after: after), inStates: false, after: after,
                limit: limit, budget: budget)
        }
        return listReservations(
            request, states: states, numbers: reservationStates.members(after: after, in: states), inStates: true,
            after: after, limit: limit, budget: budget)
    }

    /// The page from `numbers`, ascending numbers after `after` that include
    /// every match. `inStates`: they come from the asked states' sets, so only
    /// other numbers (postings) need the state sets' word before a lookup.
    private func listReservations(
        _ request: Oms_V1_ListReservationsRequest, states: Set<Oms_V1_ReservationState>, numbers: some Sequence<UInt64>,
        inStates: Bool, after: UInt64, limit: Int, budget: Int
    ) -> (reservations: [Oms_V1_Reservation], resumeAfter: UInt64?) {
        let (limit, budget) = (Swift.max(1, limit), Swift.max(1, budget))
        var page: [Oms_V1_Reservation] = []
        var lastListed = after
        var looked = 0
        for number in numbers {
            // Out of budget: go on from here, or after the page if it is full.
            guard looked < budget else { return (page, page.count == limit ? lastListed : number - 1) }
            looked += 1
            guard inStates || reservationStates.contains(number, in: states),
                let reservation = reservations[reservationID(number: number)],
                states.contains(reservation.status), Self.matches(reservation, request)
            else { continue }
            // A match beyond a full page: the page ends, and more follow.
            if page.count == limit { return (page, lastListed) }
            page.append(reservation.proto(plantID: plantID))
            lastListed = number
        }
        return (page, nil)
    }

    /// The item and owner filters given name this reservation.
    static func matches(_ reservation: ReservationRecord, _ request: Oms_V1_ListReservationsRequest) -> Bool {
        (request.itemID.isEmpty || reservation.lines.contains { $0.key.itemID == request.itemID })
            && ownerMatches(reservation.owner, request)
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
