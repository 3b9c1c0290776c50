import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// The planner's side of inventory: production orders reserve the
/// components of their BOM (PUMP needs 4 BOLT each in the fixture), what
/// cannot be reserved is a shortage on the lot and its orders, and stock that
/// arrives or comes back goes to the most urgent short lot at once.
@Suite struct MaterialCheckTests {
    typealias H = Harness
    typealias O = OrderHarness
    typealias ATP = AvailableToPromiseTests

    static func lotID(_ order: Oms_V1_Order) throws -> String {
        try #require(order.lines.first?.pegs.first).productionOrderID
    }

    @Test func approvalReservesTheLotsComponents() throws {
        var h = try MaterialHarness()
        try h.stock(H.receive(H.line("BOLT", "1000")))
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "50")])
        let lot = try Self.lotID(h.order(id))

        #expect(h.covered(lot, "BOLT") == Quantity("200"))
        #expect(h.available("BOLT") == Quantity("800"))
        #expect(try h.order(id).materialShortages.isEmpty)
        #expect(try h.lot(lot).materialShortages.isEmpty)
        let reservation = try #require(h.reservations(of: lot).first)
        #expect(reservation.reservedBy == "system")
        #expect(!reservation.hasExpiresAt, "a lot's material is held until the lot no longer needs it")
        #expect(try h.replayed() == h.state)
    }

    @Test func aShortageIsOnTheOrderUntilStockArrives() throws {
        var h = try MaterialHarness()
        try h.stock(H.receive(H.line("BOLT", "120")))
        guard case .submit(let submitted) = try h.order(
            .submit(O.submitRequest("SO-1", lines: [O.line("10", "PUMP", "50", dueDay: 10)]), masterData: h.catalog))
        else { Issue.record("not a submit reply"); return }
        let id = submitted.order.orderID

        // The Approve reply already shows what its material check found.
        guard case .approve(let approved) = try h.order(O.approve(id, h.catalog)) else {
            Issue.record("not an approve reply")
            return
        }
        let shortage = try #require(approved.order.materialShortages.first)
        #expect(approved.order.materialShortages.count == 1)
        #expect(shortage.lineID == "10" && shortage.itemID == "BOLT" && shortage.plantID == "P1")
        #expect(Quantity(shortage.quantity) == Quantity("80"))
        #expect(shortage.neededAt == O.day(10))
        #expect(!shortage.hasExpectedAt, "no receipt is in sight")
        let lot = try Self.lotID(h.order(id))
        #expect(shortage.productionOrderID == lot)
        #expect(h.covered(lot, "BOLT") == Quantity("120"), "what is there is reserved at once")
        #expect(h.available("BOLT") == .zero)
        #expect(try h.lot(lot).materialShortages.map(\.quantity) == ["80"])

        // An expected receipt dates the shortage; the order's history says so.
        try h.stock(ATP.expect("PO-1", "BOLT", "100", inHours: 72, from: h.now))
        let dated = try #require(h.order(id).materialShortages.first)
        #expect(dated.expectedAt == Google_Protobuf_Timestamp(date: h.now.addingTimeInterval(72 * 3_600)))
        let entry = try #require(h.history(id).last)
        #expect(entry.action == .planUpdated && entry.actor == "system")

        // The receipt is handed to the lot in the same command.
        h.now += 3_600
        var receive = Oms_V1_ReceiveStockRequest()
        receive.lines = [H.line("BOLT", "100")]
        receive.expectedReceiptID = "PO-1"
        let (_, reaction) = try h.stock(.receive(receive))
        #expect(!reaction.isEmpty)
        #expect(try h.order(id).materialShortages.isEmpty)
        #expect(try h.lot(lot).materialShortages.isEmpty)
        #expect(h.covered(lot, "BOLT") == Quantity("200"))
        #expect(h.available("BOLT") == Quantity("20"))
        #expect(try h.replayed() == h.state)
        #expect(PlantState(snapshot: h.state.snapshot()) == h.state)
    }

    @Test func scarceStockGoesToTheMostUrgentLot() throws {
        var h = try MaterialHarness()
        // Due dates further apart than the merge window: two lots of 10.
        let early = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "10", dueDay: 10)])
        let late = try h.approvedOrder("SO-2", [O.line("10", "PUMP", "10", dueDay: 20)])
        let earlyLot = try Self.lotID(h.order(early))
        let lateLot = try Self.lotID(h.order(late))
        #expect(earlyLot != lateLot)
        try h.order(O.expedite(late))

        try h.stock(H.receive(H.line("BOLT", "40")))
        #expect(h.covered(lateLot, "BOLT") == Quantity("40"), "the expedited order's lot goes first")
        #expect(h.covered(earlyLot, "BOLT") == .zero)
        #expect(try h.order(late).materialShortages.isEmpty)
        #expect(try h.order(early).materialShortages.map(\.quantity) == ["40"])

        try h.stock(H.receive(H.line("BOLT", "50")))
        #expect(h.covered(earlyLot, "BOLT") == Quantity("40"))
        #expect(h.available("BOLT") == Quantity("10"))
        #expect(try h.order(early).materialShortages.isEmpty)
        #expect(try h.replayed() == h.state)
    }

    @Test func cancellingAnOrderHandsItsMaterialToTheNextLot() throws {
        var h = try MaterialHarness()
        try h.stock(H.receive(H.line("BOLT", "40")))
        let first = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "10", dueDay: 10)])
        let second = try h.approvedOrder("SO-2", [O.line("10", "PUMP", "10", dueDay: 20)])
        let firstLot = try Self.lotID(h.order(first))
        let secondLot = try Self.lotID(h.order(second))
        #expect(h.covered(firstLot, "BOLT") == Quantity("40"))
        #expect(try h.order(second).materialShortages.map(\.quantity) == ["40"])

        try h.order(O.cancel(first))
        #expect(h.reservations(of: firstLot).isEmpty, "a cancelled lot holds nothing")
        #expect(h.covered(secondLot, "BOLT") == Quantity("40"))
        #expect(try h.order(second).materialShortages.isEmpty)
        #expect(h.available("BOLT") == .zero)
        #expect(h.state.inventory.totalFigures(itemID: "BOLT").reserved == Quantity("40"), "released once, reserved once")
        #expect(try h.replayed() == h.state)
    }

    @Test func amendingDownReleasesWhatTheLotNoLongerNeeds() throws {
        var h = try MaterialHarness()
        try h.stock(H.receive(H.line("BOLT", "1000")))
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "50")])
        let lot = try Self.lotID(h.order(id))
        let version = try h.order(id).version
        try h.order(O.amend(id, version: version, lines: [O.line("10", "PUMP", "20")], h.catalog))
        // Re-pegging may resize the lot or replace it: either way 20 pumps hold 80 bolts.
        let now = try Self.lotID(h.order(id))
        #expect(Quantity(try h.lot(now).quantity) == Quantity("20"))
        #expect(h.covered(now, "BOLT") == Quantity("80"))
        if now != lot { #expect(h.reservations(of: lot).isEmpty) }
        #expect(h.available("BOLT") == Quantity("920"))
        #expect(h.state.inventory.totalFigures(itemID: "BOLT").reserved == Quantity("80"))
        #expect(try h.replayed() == h.state)
    }

    @Test func stockOfAnExpiredReservationGoesToAShortLot() throws {
        var h = try MaterialHarness()
        try h.stock(H.receive(H.line("BOLT", "40")))
        var reserve = H.reserveRequest([H.line("BOLT", "40")])
        reserve.expiresAt = Google_Protobuf_Timestamp(date: h.now.addingTimeInterval(3_600))
        try h.stock(.reserve(reserve))
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "10")])
        let lot = try Self.lotID(h.order(id))
        let shortage = try #require(h.order(id).materialShortages.first)
        #expect(shortage.expectedAt == reserve.expiresAt, "the expiring reservation's stock comes back then")

        h.now += 7_200
        #expect(h.state.inventory.hasExpiredReservations(now: h.now))
        try h.run(.expireReservations, as: "system")
        #expect(h.covered(lot, "BOLT") == Quantity("40"))
        #expect(try h.order(id).materialShortages.isEmpty)
        #expect(!h.state.inventory.hasExpiredReservations(now: h.now))
        #expect(try h.replayed() == h.state)
    }

    @Test func bomBaseQuantityAndScrapRoundUp() throws {
        var catalog = CatalogHarness()
        catalog.catalog = try ProductionFixture.catalog()
        var bom = CatalogFixture.bom("B-GEAR", item: "GEAR", components: [("BOLT", "1")], isDefault: true)
        bom.baseQuantity = "3"
        bom.components[0].scrapFactor = "0.02"
        try catalog.run(.upsert(bom))
        var h = MaterialHarness(catalog: catalog.catalog)
        // GEAR lots are multiples of 25 (min 20): 25 gears need 25 / 3 * 1.02 = 8.5 BOLT.
        let id = try h.approvedOrder("SO-1", [O.line("10", "GEAR", "25")])
        let shortage = try #require(h.order(id).materialShortages.first)
        #expect(Quantity(shortage.quantity) == Quantity("8.5"))
    }

    @Test func whatLotsMissIsDemandInTheAvailableToPromiseCurve() throws {
        var h = try MaterialHarness()
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "10", dueDay: 10)])
        #expect(try h.order(id).materialShortages.map(\.quantity) == ["40"])
        try h.stock(ATP.expect("PO-1", "BOLT", "100", inHours: 72, from: h.now))

        var request = Oms_V1_StockAvailabilityRequest()
        request.plantID = "P1"
        request.itemIds = ["BOLT"]
        request.horizonEnd = O.day(20)
        let curve = try #require(h.state.stockAvailability(request, now: h.now).items.first).atp
        // Of the 100 arriving on day 3, the lot needs 40 on day 10: 60 can be promised.
        #expect(curve.map(\.time) == [Google_Protobuf_Timestamp(date: h.now), O.day(3), O.day(10)])
        #expect(curve.map(\.receipts) == ["0", "100", "0"])
        #expect(curve.map(\.demand) == ["0", "0", "40"])
        #expect(curve.map(\.availableToPromise) == ["0", "60", "60"])

        // A location's curve has no planned demand: lots reserve from any location.
        request.locationID = "DOCK"
        let atDock = try #require(h.state.stockAvailability(request, now: h.now).items.first).atp
        #expect(atDock.allSatisfy { $0.demand == "0" })
    }

    @Test func aLotWhoseReservationExpiresTakesTheStockBackAtOnce() throws {
        var h = try MaterialHarness()
        try h.stock(H.receive(H.line("BOLT", "40")))
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "10")])
        let lot = try Self.lotID(h.order(id))
        let held = try #require(h.reservations(of: lot).first).reservationID
        // Someone gives the lot's reservation an expiry, and it passes.
        try h.stock(ATP.confirm(held, expiresAt: h.now.addingTimeInterval(3_600)), as: "system")
        h.now += 7_200
        try h.run(.expireReservations, as: "system")
        #expect(h.covered(lot, "BOLT") == Quantity("40"), "re-reserved in the same command")
        #expect(h.available("BOLT") == .zero, "not offered to anyone else")
        #expect(try h.order(id).materialShortages.isEmpty)
        #expect(try h.replayed() == h.state)
    }

    @Test func aLotsMaterialCannotBeShipped() throws {
        var h = try MaterialHarness()
        try h.stock(H.receive(H.line("BOLT", "40")))
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "10")])
        let held = try #require(h.reservations(of: try Self.lotID(h.order(id))).first).reservationID
        var ship = Oms_V1_TransferStockRequest()
        ship.fromPlantID = "P1"
        ship.toPlantID = "P2"
        ship.reservationID = held
        let before = h.state
        do {
            try h.stock(.transfer(ship), as: "system")
            Issue.record("shipped a production order's material")
        } catch {
            #expect(error.code == .failedPrecondition && error.field == "reservation_id")
        }
        #expect(h.state == before)
    }

    @Test func stockMovedOutOfAReservationWithinThePlantGoesToAShortLot() throws {
        var h = try MaterialHarness()
        try h.stock(H.receive(H.line("BOLT", "40")))
        var pick = H.reserveRequest([H.line("BOLT", "40")])
        pick.firm = true
        guard case .inventory(.reserve(let picked)) = try h.stock(.reserve(pick)).reply else {
            Issue.record("not a reserve reply")
            return
        }
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "10")])
        #expect(try h.order(id).materialShortages.map(\.quantity) == ["40"])
        // The pick is moved to the dock: consumed there, the stock arrives free.
        var move = Oms_V1_TransferStockRequest()
        move.fromPlantID = "P1"
        move.toPlantID = "P1"
        move.toLocationID = "DOCK"
        move.reservationID = picked.reservation.reservationID
        try h.stock(.transfer(move))
        #expect(try h.order(id).materialShortages.isEmpty)
        #expect(h.covered(try Self.lotID(h.order(id)), "BOLT") == Quantity("40"))
        #expect(try h.replayed() == h.state)
    }

    @Test func stockKeptInAnotherUnitThanTheBOMsIsNotCounted() throws {
        var h = try MaterialHarness()
        // The catalog keeps BOLT in EA; this plant received it by weight.
        try h.stock(H.receive(H.line("BOLT", "40", unit: "kg")))
        let id = try h.approvedOrder("SO-1", [O.line("10", "PUMP", "10")])
        #expect(h.reservations(of: try Self.lotID(h.order(id))).isEmpty)
        #expect(try h.order(id).materialShortages.map(\.quantity) == ["40"])
        #expect(h.available("BOLT") == Quantity("40"))
    }
}
