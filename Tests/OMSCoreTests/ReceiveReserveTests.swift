import Foundation
import OMSCore
import OMSProto
import Testing

typealias H = Harness

@Suite struct ReceiveTests {
    @Test func receiveBooksMovementsAndFixesTheUnit() throws {
        var h = Harness()
        let reply = try h.run(H.receive(H.line("bolt", "10.5", unit: "pcs"), H.line("bolt", "2", at: "B")))
        guard case .receive(let response) = reply else { Issue.record("wrong reply"); return }
        #expect(response.movements.map(\.movementID) == ["P1-M1", "P1-M2"])
        #expect(response.movements.map(\.quantity) == ["10.5", "2"])
        #expect(response.movements.map(\.unit) == ["pcs", "pcs"])
        #expect(response.movements.map(\.onHandAfter) == ["10.5", "2"])
        #expect(response.movements.allSatisfy { $0.kind == .receipt && $0.actor == "wms" && $0.reference == "PO-1" })
        #expect(h.figures("bolt").onHand == Quantity("10.5"))
        #expect(h.figures("bolt", "B").onHand == Quantity("2"))
        #expect(h.state.itemUnits["bolt"] == "pcs")
        #expect(h.state.movementCount == 2)
    }

    @Test func aUnitThatDoesNotMatchIsRefusedNamingTheField() throws {
        var h = Harness()
        try h.run(H.receive(H.line("bolt", "1", unit: "pcs")))
        let error = h.refusal(H.receive(H.line("bolt", "1"), H.line("bolt", "1", unit: "kg")))
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "lines[1].unit")
        // Within one request too: the first line fixes the unit of a new item.
        let same = h.refusal(H.receive(H.line("nut", "1", unit: "kg"), H.line("nut", "1", unit: "g")))
        #expect(same?.field == "lines[1].unit")
        #expect(h.state.itemUnits["nut"] == nil)
    }

    @Test(arguments: [("0", "lines[0].quantity"), ("-1", "lines[0].quantity"), ("abc", "lines[0].quantity"),
                      ("", "lines[0].quantity"), ("1e3", "lines[0].quantity"), ("0.0000001", "lines[0].quantity")])
    func badQuantitiesAreInvalid(quantity: String, field: String) {
        var h = Harness()
        let error = h.refusal(H.receive(H.line("bolt", quantity)))
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == field)
        #expect(error?.statusDetails.first?.fieldViolation.field == field)
        #expect(h.journal.isEmpty)
    }

    @Test func otherPlantEmptyLinesAndMissingItemAreInvalid() {
        var h = Harness()
        #expect(h.refusal(H.receive(H.line("bolt", "1"), plant: "P2"))?.field == "plant_id")
        #expect(h.refusal(H.receive())?.field == "lines")
        #expect(h.refusal(H.receive(H.line("", "1")))?.field == "lines[0].item_id")
        var transfer = Oms_V1_ReceiveStockRequest()
        transfer.lines = [H.line("bolt", "1")]
        transfer.kind = .transfer
        #expect(h.refusal(.receive(transfer))?.field == "transfer_id")
    }

    @Test func onHandOverflowIsOutOfRange() throws {
        var h = Harness()
        try h.run(H.receive(H.line("bolt", "9000000000000")))
        let error = h.refusal(H.receive(H.line("bolt", "9000000000000")))
        #expect(error?.code == .outOfRange)
        #expect(error?.field == "lines[0].quantity")
    }

    @Test func aCommandForAnotherShardIsAborted() {
        let state = InventoryState(plantID: "P1")
        let context = CommandContext(now: Date(), plantID: "P9")
        #expect(throws: DomainError.self) { try state.decide(H.receive(H.line("a", "1")), context: context) }
    }
}

@Suite struct ReserveTests {
    static func stocked() throws -> Harness {
        var h = Harness()
        try h.run(H.receive(H.line("bolt", "10", unit: "pcs"), H.line("nut", "5", unit: "pcs"), H.line("nut", "3", at: "B")))
        return h
    }

    @Test func reserveHoldsStockAndReturnsTheReservation() throws {
        var h = try Self.stocked()
        let reply = try h.run(H.reserve(H.line("bolt", "4"), H.line("nut", "5")), as: "wms-1")
        let reservation = try #require(reply.reservation)
        #expect(reservation.reservationID == "P1-R1")
        #expect(reservation.plantID == "P1")
        #expect(reservation.state == .active)
        #expect(reservation.reservedBy == "wms-1")
        #expect(reservation.externalReference == "pick-1")
        #expect(reservation.version == 1)
        #expect(!reservation.hasExpiresAt)
        #expect(reservation.lines.map(\.quantity) == ["4", "5"])
        #expect(reservation.lines.map(\.quantityOpen) == ["4", "5"])
        #expect(reservation.lines.map(\.unit) == ["pcs", "pcs"])
        #expect(h.figures("bolt") == StockFigures(onHand: Quantity(micros: 10_000_000), reserved: Quantity(micros: 4_000_000)))
        #expect(h.figures("nut").available == .zero)
        #expect(h.state.reservation(id: "P1-R1") == reservation)
        let second = try h.run(H.reserve(H.line("bolt", "1")))
        #expect(second.reservation?.reservationID == "P1-R2")
    }

    @Test func shortageIsAllOrNothingWithOneDetailPerShortLine() throws {
        var h = try Self.stocked()
        let refused = h.refusal(H.reserve(H.line("bolt", "4"), H.line("nut", "6"), H.line("nut", "4", at: "B")))
        let error = try #require(refused)
        #expect(error.code == .failedPrecondition)
        #expect(error.shortages.count == 2)
        #expect(error.shortages.map(\.item) == ["nut", "nut"])
        #expect(error.shortages.map(\.location) == ["", "B"])
        #expect(error.shortages.map(\.requested) == ["6", "4"])
        #expect(error.shortages.map(\.available) == ["5", "3"])
        #expect(error.shortages.map(\.unit) == ["pcs", "pcs"])
        #expect(error.statusDetails.filter { $0.quantityShortage.item == "nut" }.count == 2)
        #expect(h.figures("bolt").reserved == .zero)
        #expect(h.state.reservations.isEmpty)
    }

    @Test func theSameItemOnTwoLinesCountsTogether() throws {
        var h = try Self.stocked()
        let refused = h.refusal(H.reserve(H.line("bolt", "6"), H.line("bolt", "5")))
        let error = try #require(refused)
        #expect(error.code == .failedPrecondition)
        #expect(error.shortages.map(\.requested) == ["11"])
        #expect(error.shortages.map(\.available) == ["10"])
        let reply = try h.run(H.reserve(H.line("bolt", "6"), H.line("bolt", "4")))
        #expect(reply.reservation?.lines.count == 1)
        #expect(reply.reservation?.lines.first?.quantity == "10")
        #expect(h.figures("bolt").available == .zero)
    }

    @Test func availableIsNeverOverbooked() throws {
        var h = Harness()
        try h.run(H.receive(H.line("chip", "20")))
        var granted = 0
        for client in 0..<50 {
            if (try? h.run(H.reserve(H.line("chip", "1")), as: "client-\(client)")) != nil { granted += 1 }
        }
        #expect(granted == 20)
        #expect(h.figures("chip").reserved == Quantity("20"))
        #expect(h.figures("chip").available == .zero)
    }

    @Test func unknownItemIsNotFoundNamingTheLine() throws {
        var h = try Self.stocked()
        let error = h.refusal(H.reserve(H.line("bolt", "1"), H.line("washer", "1")))
        #expect(error?.code == .notFound)
        #expect(error?.field == "lines[1].item_id")
        #expect(error?.message.contains("washer") == true)
        // Known item, other location: a shortage with available 0.
        let elsewhere = h.refusal(H.reserve(H.line("bolt", "1", at: "Z")))
        #expect(elsewhere?.code == .failedPrecondition)
        #expect(elsewhere?.shortages.first?.available == "0")
    }

    @Test func badRequestsAreInvalidNamingTheField() throws {
        var h = try Self.stocked()
        #expect(h.refusal(H.reserve())?.field == "lines")
        #expect(h.refusal(H.reserve(H.line("bolt", "1"), H.line("bolt", "0")))?.field == "lines[1].quantity")
        #expect(h.refusal(H.reserve(H.line("bolt", "-2")))?.field == "lines[0].quantity")
        #expect(h.refusal(H.reserve(H.line("bolt", "1", unit: "kg")))?.field == "lines[0].unit")
        var other = H.reserveRequest([H.line("bolt", "1")])
        other.plantID = "P2"
        #expect(h.refusal(.reserve(other))?.field == "plant_id")
        var firmWithExpiry = H.reserveRequest([H.line("bolt", "1")])
        firmWithExpiry.firm = true
        firmWithExpiry.expiresAt = .init(date: h.now.addingTimeInterval(60))
        #expect(h.refusal(.reserve(firmWithExpiry))?.field == "expires_at")
        var past = H.reserveRequest([H.line("bolt", "1")])
        past.expiresAt = .init(date: h.now.addingTimeInterval(-1))
        #expect(h.refusal(.reserve(past))?.field == "expires_at")
        #expect(h.journal.count == 1)
    }

    @Test func defaultHoldAppliesUnlessFirm() throws {
        var h = Harness(defaultHold: 600)
        try h.run(H.receive(H.line("bolt", "10")))
        let held = try #require(try h.run(H.reserve(H.line("bolt", "1"))).reservation)
        #expect(held.expiresAt.date == h.now.addingTimeInterval(600))
        var firm = H.reserveRequest([H.line("bolt", "1")])
        firm.firm = true
        let firmReply = try #require(try h.run(.reserve(firm)).reservation)
        #expect(!firmReply.hasExpiresAt)
    }
}
