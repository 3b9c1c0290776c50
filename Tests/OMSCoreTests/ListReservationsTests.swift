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

/// The item and owner filters walk postings that follow the reservations:
/// a reservation forgotten after the retention is listed under none of
/// them, and a restored or replayed state holds the same postings.
@Suite struct ListReservationsPostingsTests {
    @Test func forgottenReservationsLeaveTheirPostings() throws {
        var h = Harness()
        h.state = h.state.withKeyRetention(KeyRetentionTests.hour)
        try h.run(H.receive(H.line("bolt", "100", unit: "pcs"), H.line("nut", "100", unit: "pcs")))
        var byOrder = H.reserveRequest([H.line("bolt", "1"), H.line("nut", "1")])
        byOrder.orderLine = .with { $0.orderID = "P1-O7"; $0.lineID = "10" }
        var byLot = H.reserveRequest([H.line("nut", "2")])
        byLot.productionOrderID = "P1-W3"
        for _ in 0..<3 {
            try h.run(.reserve(byOrder), as: "wms")
            try h.run(.reserve(byLot), as: "wms")
        }
        // R1 (order) and R2 (lot) close now, and are forgotten a retention later.
        try h.run(H.release("P1-R1"), as: "wms")
        try h.run(H.release("P1-R2"), as: "wms")

        func ids(_ configure: (inout Oms_V1_ListReservationsRequest) -> Void) -> [String] {
            var request = Oms_V1_ListReservationsRequest()
            request.states = [.active, .released]
            configure(&request)
            return h.state.listReservations(request, after: 0, limit: 100).reservations.map(\.reservationID)
        }
        #expect(ids { $0.orderID = "P1-O7" } == ["P1-R1", "P1-R3", "P1-R5"])
        #expect(ids { $0.productionOrderID = "P1-W3" } == ["P1-R2", "P1-R4", "P1-R6"])
        #expect(ids { $0.itemID = "bolt" } == ["P1-R1", "P1-R3", "P1-R5"])

        h.now += 2 * KeyRetentionTests.hour
        try h.run(H.receive(H.line("nut", "1", unit: "pcs")))
        #expect(h.state.reservation(id: "P1-R1") == nil && h.state.reservation(id: "P1-R2") == nil)
        #expect(ids { $0.orderID = "P1-O7" } == ["P1-R3", "P1-R5"])
        #expect(ids { $0.productionOrderID = "P1-W3" } == ["P1-R4", "P1-R6"])
        #expect(ids { $0.itemID = "nut" } == ["P1-R3", "P1-R4", "P1-R5", "P1-R6"])
        #expect(ids { $0.orderID = "P1-O8" }.isEmpty)

        #expect(try KeyRetentionTests.replayed(h) == h.state)
        let bytes: [UInt8] = try h.state.snapshot().serializedBytes()
        let restored = InventoryState(snapshot: try Oms_Journal_V1_InventorySnapshot(serializedBytes: bytes))
        #expect(restored.reservationPostings == h.state.reservationPostings)
        #expect(restored == h.state)
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
            .with { $0.orderID = "P1-O2" },
            .with {
                $0.productionOrderID = "P1-W1"
                $0.states = [.active, .consumed]
            },
            .with {
                $0.externalReference = "pick-5"
                $0.itemID = "c"
            },
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
                    && (request.orderID.isEmpty || reservation.orderLine.orderID == request.orderID)
                    && (request.productionOrderID.isEmpty || reservation.productionOrderID == request.productionOrderID)
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
