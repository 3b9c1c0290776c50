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
            return (page.reservations.map(\.reservationID), page.more)
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
