import Foundation
import OMSCore
import OMSProto
import Testing

/// ListReservations filters by item, owner and state (ACTIVE by default)
/// and pages oldest first.
@Suite struct ListReservationsTests {
    @Test func filtersAndPagesOldestFirst() throws {
        var h = try ReserveTests.stocked()
        for index in 1...5 {
            try h.run(H.reserve(H.line(index.isMultiple(of: 2) ? "nut" : "bolt", "1"), reference: "pick-\(index)"), as: "wms")
        }
        try h.run(H.release("P1-R2"), as: "wms")

        func ids(_ configure: (inout Oms_V1_ListReservationsRequest) -> Void, after: UInt64 = 0, limit: Int = 100)
            -> ([String], Bool)
        {
            var request = Oms_V1_ListReservationsRequest()
            configure(&request)
            let page = h.state.listReservations(request, after: after, limit: limit)
            return (page.reservations.map(\.reservationID), page.resumeAfter != nil)
        }
        #expect(ids { _ in }.0 == ["P1-R1", "P1-R3", "P1-R4", "P1-R5"], "ACTIVE only, oldest first")
        #expect(ids { $0.states = [.released] }.0 == ["P1-R2"])
        #expect(ids { $0.itemID = "nut" }.0 == ["P1-R4"])
        #expect(ids { $0.externalReference = "pick-3" }.0 == ["P1-R3"])
        #expect(ids { $0.orderID = "P1-O1" }.0.isEmpty, "no reservation is for an order line")
        let first = ids({ _ in }, limit: 2)
        #expect(first.0 == ["P1-R1", "P1-R3"] && first.1)
        let second = ids({ _ in }, after: 3, limit: 2)
        #expect(second.0 == ["P1-R4", "P1-R5"] && !second.1)
    }
}

/// Paging through many reservations, made in an order the table does not
/// keep, yields every match once, by number (P1-R10 after P1-R9), and says
/// whether more follow.
@Suite struct ListReservationsPagingTests {
    @Test(arguments: [1, 7, 100, 299, 300])
    func pagesCoverEveryMatchOnceInNumberOrder(limit: Int) throws {
        var h = Harness()
        try h.run(H.receive(H.line("bolt", "300", unit: "pcs")))
        for index in 1...300 {
            try h.run(H.reserve(H.line("bolt", "1"), reference: "pick-\(index)"), as: "wms")
        }
        let released = Set(stride(from: 5, through: 300, by: 11).map { "P1-R\($0)" })
        for id in released.sorted() { try h.run(H.release(id), as: "wms") }
        let expected = (1...300).map { "P1-R\($0)" }.filter { !released.contains($0) }

        var seen: [String] = []
        var after: UInt64 = 0
        while true {
            let page = h.state.listReservations(Oms_V1_ListReservationsRequest(), after: after, limit: limit)
            seen += page.reservations.map(\.reservationID)
            guard let resume = page.resumeAfter else { break }
            #expect(page.reservations.count == limit, "within the budget, only a full page has more after it")
            after = resume
        }
        #expect(seen == expected)
    }
}

/// Every page ListReservations gives, for a spread of filters, page sizes
/// and budgets (the default, and so small that pages come back short or
/// empty), against the plant's reservations filtered and sorted by number
/// here. Called from the inventory property test as its state evolves.
enum ListingCheck {
    static func expectPagesMatchAScan(_ state: InventoryState, step: Int) {
        let everything = state.reservations.keys.compactMap { state.reservation(id: $0) }
        let requests: [Oms_V1_ListReservationsRequest] = [
            .init(),
            .with { $0.itemID = "a" },
            .with { $0.externalReference = "pick-3" },
            .with { $0.states = [.released] },
            .with { $0.states = [.consumed, .expired] },
            .with {
                $0.states = [.active, .released]
                $0.itemID = "b"
            },
        ]
        for request in requests {
            let states = request.states.isEmpty ? [.active] : Set(request.states)
            let expected = everything.filter { reservation in
                states.contains(reservation.state)
                    && (request.itemID.isEmpty || reservation.lines.contains { $0.itemID == request.itemID })
                    && (request.externalReference.isEmpty || reservation.externalReference == request.externalReference)
            }.map(\.reservationID).sorted { InventoryState.number($0) < InventoryState.number($1) }
            for limit in [1, 4, 1_000] {
                for budget in [1, 3, InventoryState.listingBudget] {
                    var seen: [String] = []
                    var after: UInt64 = 0
                    while true {
                        let page = state.listReservations(request, after: after, limit: limit, budget: budget)
                        #expect(page.reservations.count <= limit)
                        seen += page.reservations.map(\.reservationID)
                        guard let resume = page.resumeAfter else { break }
                        #expect(resume > after, "step \(step): every call moves the walk on")
                        if budget == InventoryState.listingBudget {
                            #expect(page.reservations.count == limit, "step \(step): within the budget a page with more is full")
                        }
                        after = resume
                    }
                    #expect(seen == expected, "step \(step): \(request), page size \(limit), budget \(budget)")
                }
            }
        }
    }
}
