import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// Transfers between plants (ship at the source, register at the
/// destination, receive there) and between locations of one plant.
@Suite struct TransferTests {
    typealias T = TransferHarness

    /// P1 holds 10 bolt (pcs) and 4 nut (kg) at its default location.
    static func stocked() throws -> TransferHarness {
        var t = TransferHarness()
        try t.receive(H.line("bolt", "10", unit: "pcs"), H.line("nut", "4", unit: "kg"), at: "P1")
        return t
    }

    @Test func shippingTakesStockFromTheSourceAndPutsItInTransitAtTheDestination() throws {
        var t = try Self.stocked()
        let arrival = t.now.addingTimeInterval(24 * T.hour)
        let shipped = try t.transfer(
            T.request("P1", "P2", H.line("bolt", "3"), H.line("nut", "0.5"), H.line("bolt", "1.5"), toLocation: "L2", arrival: arrival))
        #expect(shipped.transferID == "P1-T1" && shipped.state == .inTransit && shipped.version == 1)
        #expect(shipped.lines.map(\.itemID) == ["bolt", "nut"], "lines of one item merged")
        #expect(shipped.lines.map(\.quantity) == ["4.5", "0.5"] && shipped.lines.map(\.quantityReceived) == ["0", "0"])
        #expect(shipped.lines.map(\.unit) == ["pcs", "kg"])
        let record = try #require(t.state("P1").shippedTransfer(id: "P1-T1"))
        #expect(record.lines.map(\.outMovementID) == ["P1-M3", "P1-M4"], "one TRANSFER_OUT movement per line")

        let source = try t.balance("P1", "bolt")
        #expect(source.onHand == "5.5" && source.available == "5.5" && source.inTransit == "0")
        let destination = try t.balance("P2", "bolt")
        #expect(destination.onHand == "0" && destination.inTransit == "4.5" && destination.unit == "pcs")
        #expect(try t.balance("P2", "bolt", location: "L2").inTransit == "4.5")
        #expect(try t.balance("P2", "bolt", location: "").inTransit == "4.5", "summed over locations")
        #expect(try t.balance("P2", "nut").inTransit == "0.5")
        #expect(t.state("P2").transfer(id: "P1-T1") == shipped, "the destination holds it as shipped")

        // ATP at the destination: nothing now, the transfer at its expected arrival ...
        #expect(try t.curve("P2", "bolt").map(\.0) == [0, 24])
        #expect(try t.curve("P2", "bolt").map(\.2) == ["0", "4.5"])
        // ... and once overdue, now.
        t.now.addTimeInterval(30 * T.hour)
        #expect(try t.curve("P2", "bolt").map(\.1) == ["4.5"] && (try t.curve("P2", "bolt").map(\.2)) == ["4.5"])
        #expect(try t.curve("P1", "bolt").map(\.2) == ["5.5"], "the source promises only what is left")
        try t.expectReplayAndSnapshotEqualState()
    }

    @Test func aTransferWithoutExpectedArrivalCountsInATPNow() throws {
        var t = try Self.stocked()
        try t.transfer(T.request("P1", "P2", H.line("bolt", "2")))
        #expect(try t.curve("P2", "bolt").map(\.2) == ["2"])
    }

    @Test func partialThenFullReceiptBooksTransferInAndEndsReceived() throws {
        var t = try Self.stocked()
        try t.transfer(T.request("P1", "P2", H.line("bolt", "4"), H.line("nut", "1"), toLocation: "L2"))
        t.now.addTimeInterval(T.hour)
        let first = try t.receive(H.line("bolt", "1.5"), at: "P2", transfer: "P1-T1")
        #expect(first.movements.map(\.kind) == [.transferIn] && first.movements[0].transferID == "P1-T1")
        #expect(first.movements[0].locationID == "L2", "an empty location is the transfer's destination")
        #expect(first.movements[0].unit == "pcs" && first.movements[0].onHandAfter == "1.5")
        let partly = try #require(t.state("P2").transfer(id: "P1-T1"))
        #expect(partly.state == .inTransit && partly.version == 2 && !partly.hasReceivedAt)
        #expect(partly.lines.map(\.quantityReceived) == ["1.5", "0"])
        let between = try t.balance("P2", "bolt")
        #expect(between.onHand == "1.5" && between.inTransit == "2.5" && between.unit == "pcs")

        t.now.addTimeInterval(T.hour)
        try t.receive(H.line("bolt", "2.5", at: "L2", unit: "pcs"), H.line("nut", "1"), at: "P2", transfer: "P1-T1")
        let done = try #require(t.state("P2").transfer(id: "P1-T1"))
        #expect(done.state == .received && done.version == 3)
        #expect(done.receivedAt == Google_Protobuf_Timestamp(date: t.now))
        #expect(done.lines.map(\.quantityReceived) == ["4", "1"])
        let after = try t.balance("P2", "bolt", location: "L2")
        #expect(after.onHand == "4" && after.inTransit == "0")
        #expect(try t.balance("P2", "nut").unit == "kg", "the receipt fixed the unit at the destination")
        // The source still shows its record as shipped: it never learns of receipts.
        #expect(t.state("P1").transfer(id: "P1-T1")?.state == .inTransit)
        try t.expectReplayAndSnapshotEqualState()
    }

    @Test func badTransferReceiptsAreRefusedAndChangeNothing() throws {
        var t = try Self.stocked()
        try t.transfer(T.request("P1", "P2", H.line("bolt", "4"), toLocation: "L2"))
        try t.receive(H.line("bolt", "1"), at: "P2", transfer: "P1-T1")

        let over = t.refusal(T.receiveCommand([H.line("bolt", "2"), H.line("bolt", "1.5")], transfer: "P1-T1"), at: "P2")
        #expect(over?.code == .failedPrecondition && over?.currentState == "IN_TRANSIT")
        #expect(over?.shortages.map { [$0.item, $0.location, $0.requested, $0.available] } == [["bolt", "L2", "3.5", "3"]])
        #expect(over?.message.contains("more than transfer P1-T1 still has in transit") == true)
        let otherItem = t.refusal(T.receiveCommand([H.line("nut", "1")], transfer: "P1-T1"), at: "P2")
        #expect(otherItem?.code == .failedPrecondition && otherItem?.field == "lines[0].item_id")
        #expect(t.refusal(T.receiveCommand([H.line("bolt", "1")], transfer: "P1-T9"), at: "P2")?.code == .notFound)
        #expect(t.refusal(T.receiveCommand([H.line("bolt", "1")], transfer: "P1-T1"), at: "P1")?.code == .notFound,
                "the source does not receive its own shipment")
        let missing = t.refusal(T.receiveCommand([H.line("bolt", "1")], kind: .transfer), at: "P2")
        #expect(missing?.code == .invalidArgument && missing?.field == "transfer_id")
        let wrongKind = t.refusal(T.receiveCommand([H.line("bolt", "1")], transfer: "P1-T1", kind: .purchase), at: "P2")
        #expect(wrongKind?.code == .invalidArgument && wrongKind?.field == "kind")
        let elsewhere = t.refusal(T.receiveCommand([H.line("bolt", "1", at: "L9")], transfer: "P1-T1"), at: "P2")
        #expect(elsewhere?.code == .invalidArgument && elsewhere?.field == "lines[0].location_id")
        let unit = t.refusal(T.receiveCommand([H.line("bolt", "1", unit: "kg")], transfer: "P1-T1"), at: "P2")
        #expect(unit?.code == .invalidArgument && unit?.field == "lines[0].unit")
        let zero = t.refusal(T.receiveCommand([H.line("bolt", "0")], transfer: "P1-T1"), at: "P2")
        #expect(zero?.code == .invalidArgument && zero?.field == "lines[0].quantity")

        try t.receive(H.line("bolt", "3"), at: "P2", transfer: "P1-T1")
        let again = t.refusal(T.receiveCommand([H.line("bolt", "0.000001")], transfer: "P1-T1"), at: "P2")
        #expect(again?.code == .failedPrecondition && again?.currentState == "RECEIVED", "nothing left in transit")
        #expect(try t.balance("P2", "bolt").onHand == "4")
    }

    @Test func betweenLocationsOfOnePlantStockMovesAtOnce() throws {
        var t = try Self.stocked()
        let moved = try t.transfer(T.request("P1", "P1", H.line("bolt", "3"), toLocation: "B"))
        #expect(moved.state == .received && moved.receivedAt == moved.shippedAt)
        #expect(moved.lines.map(\.quantityReceived) == ["3"])
        let record = try #require(t.state("P1").shippedTransfer(id: "P1-T1"))
        #expect(record.lines.map(\.outMovementID) == ["P1-M3"] && record.lines.map(\.inMovementID) == ["P1-M4"])
        #expect(t.state("P1").figures(StockKey(itemID: "bolt", locationID: "")).onHand == Quantity("7"), "the default location")
        #expect(try t.balance("P1", "bolt", location: "B").onHand == "3")
        let total = try t.balance("P1", "bolt")
        #expect(total.onHand == "10" && total.inTransit == "0", "nothing in transit, nothing lost")
        #expect(t.state("P1").transfersShippedElsewhere().isEmpty, "nothing for the outbox")
        // Its next movement number follows both movements.
        let next = try t.receive(H.line("bolt", "1"), at: "P1")
        #expect(next.movements.map(\.movementID) == ["P1-M5"])
        #expect(t.refusal(T.receiveCommand([H.line("bolt", "1")], transfer: "P1-T1"), at: "P1")?.currentState == "RECEIVED")

        let same = t.refusal(.transfer(T.request("P1", "P1", H.line("bolt", "1"), fromLocation: "B", toLocation: "B")), at: "P1")
        #expect(same?.code == .invalidArgument && same?.field == "to_location_id")
        try t.expectReplayAndSnapshotEqualState()
    }

    @Test func shippingFromAReservationConsumesIt() throws {
        var t = try Self.stocked()
        try t.run(H.reserve(H.line("bolt", "5")), at: "P1", as: "wms-1")
        let request = T.request("P1", "P2", H.line("bolt", "3"), reservation: "P1-R1")
        #expect(t.refusal(.transfer(request), at: "P1", as: "wms-2")?.code == .permissionDenied)
        let tooMuch = t.refusal(.transfer(T.request("P1", "P2", H.line("bolt", "6"), reservation: "P1-R1")), at: "P1", as: "wms-1")
        #expect(tooMuch?.code == .failedPrecondition && tooMuch?.shortages.first?.available == "5")
        #expect(t.refusal(.transfer(T.request("P1", "P2", H.line("nut", "1"), reservation: "P1-R1")), at: "P1", as: "wms-1")?
            .field == "lines[0].item_id", "a line the reservation does not have")
        #expect(t.refusal(.transfer(T.request("P1", "P2", H.line("bolt", "1"), reservation: "P1-R9")), at: "P1")?.code == .notFound)

        try t.transfer(request, as: "wms-1")
        let held = try #require(t.state("P1").reservation(id: "P1-R1"))
        #expect(held.state == .active && held.lines.map(\.quantityOpen) == ["2"] && held.lines.map(\.quantityConsumed) == ["3"])
        let source = try t.balance("P1", "bolt")
        #expect(source.onHand == "7" && source.reserved == "2" && source.available == "5")
        #expect(try t.balance("P2", "bolt").inTransit == "3")

        // No lines: everything it still holds; the reservation is then consumed.
        let rest = try t.transfer(T.request("P1", "P2", reservation: "P1-R1"), as: "wms-1")
        #expect(rest.lines.map(\.quantity) == ["2"])
        #expect(t.state("P1").reservation(id: "P1-R1")?.state == .consumed)
        #expect(try t.balance("P1", "bolt").reserved == "0" && (try t.balance("P2", "bolt").inTransit) == "5")
        try t.expectReplayAndSnapshotEqualState()
    }

    @Test func aShortageIsRefusedExactlyLikeReserveAndChangesNothing() throws {
        var t = try Self.stocked()
        try t.run(H.reserve(H.line("bolt", "8")), at: "P1")
        let lines = [H.line("bolt", "2"), H.line("nut", "4.5"), H.line("bolt", "1")]
        var transfer = T.request("P1", "P2")
        transfer.lines = lines
        let transferRefusal = t.refusal(.transfer(transfer), at: "P1")
        let reserveRefusal = t.refusal(H.reserve(H.line("bolt", "3"), H.line("nut", "4.5")), at: "P1")
        let refused = try #require(transferRefusal)
        let reserve = try #require(reserveRefusal)
        #expect(refused == reserve, "same code, message and QuantityShortage details as Reserve")
        #expect(refused.code == .failedPrecondition)
        #expect(refused.shortages.map { [$0.item, $0.requested, $0.available, $0.unit] } == [["bolt", "3", "2", "pcs"], ["nut", "4.5", "4", "kg"]])
        #expect(t.state("P1").transferCount == 0 && t.state("P2").inboundTransfers.isEmpty)
    }

    @Test func badTransferRequestsAreRefusedWithTheField() throws {
        var t = try Self.stocked()
        let cases: [(String, Oms_V1_TransferStockRequest, DomainError.Code, String)] = [
            ("another source plant", T.request("P3", "P2", H.line("bolt", "1")), .invalidArgument, "from_plant_id"),
            ("no destination", T.request("P1", "", H.line("bolt", "1")), .invalidArgument, "to_plant_id"),
            ("no lines", T.request("P1", "P2"), .invalidArgument, "lines"),
            ("zero", T.request("P1", "P2", H.line("bolt", "0")), .invalidArgument, "lines[0].quantity"),
            ("negative", T.request("P1", "P2", H.line("bolt", "-1")), .invalidArgument, "lines[0].quantity"),
            ("no item", T.request("P1", "P2", H.line("", "1")), .invalidArgument, "lines[0].item_id"),
            ("never received", T.request("P1", "P2", H.line("gear", "1")), .notFound, "lines[0].item_id"),
            ("wrong unit", T.request("P1", "P2", H.line("bolt", "1", unit: "kg")), .invalidArgument, "lines[0].unit"),
            ("same place", T.request("P1", "P1", H.line("bolt", "1")), .invalidArgument, "to_location_id"),
        ]
        for (name, request, code, field) in cases {
            let error = t.refusal(.transfer(request), at: "P1")
            #expect(error?.code == code && error?.field == field, "\(name): \(String(describing: error))")
        }
        #expect(try t.balance("P1", "bolt").onHand == "10")
    }

    @Test func registeringAtTheDestinationIsIdempotent() throws {
        var t = try Self.stocked()
        try t.transfer(T.request("P1", "P2", H.line("bolt", "4")), registering: false)
        #expect(try t.balance("P2", "bolt").inTransit == "0", "not registered yet")
        #expect(t.refusal(T.receiveCommand([H.line("bolt", "1")], transfer: "P1-T1"), at: "P2")?.code == .notFound)
        let shipped = try #require(t.state("P1").shippedTransfer(id: "P1-T1"))
        #expect(t.state("P1").transfersShippedElsewhere() == [shipped])

        let first = try t.run(.registerInboundTransfer(shipped), at: "P2", as: "system")
        #expect(first.events.count == 1 && t.state("P2").knowsInboundTransfer("P1-T1"))
        let again = try t.run(.registerInboundTransfer(shipped), at: "P2", as: "system")
        #expect(again.events.isEmpty && again.reply == first.reply)
        #expect(try t.balance("P2", "bolt").inTransit == "4", "counted once")

        try t.receive(H.line("bolt", "1"), at: "P2", transfer: "P1-T1")
        let late = try t.run(.registerInboundTransfer(shipped), at: "P2", as: "system")
        guard case .registerInboundTransfer(let response) = late.reply else { Issue.record("not a register reply"); return }
        #expect(late.events.isEmpty && response.transfer.lines.map(\.quantityReceived) == ["1"], "what arrived stays")
        #expect(try t.balance("P2", "bolt").inTransit == "3")
        #expect(t.refusal(.registerInboundTransfer(shipped), at: "P3")?.field == "to_plant_id", "only at its destination")
        try t.expectReplayAndSnapshotEqualState()
    }

    @Test func aRetriedTransferShipsOnceAndAnswersTheSame() throws {
        var t = try Self.stocked()
        let request = T.request("P1", "P2", H.line("bolt", "4"))
        let (events, first) = try t.run(.transfer(request), at: "P1", key: "tr-1")
        #expect(events.count == 1 && events[0].completed.method == "Transfer")
        let retry = try t.run(.transfer(request), at: "P1", key: "tr-1")
        #expect(retry.events.isEmpty && retry.reply == first)
        #expect(try t.balance("P1", "bolt").onHand == "6" && t.state("P1").transferCount == 1, "shipped once")
        let other = t.refusal(.transfer(T.request("P1", "P2", H.line("bolt", "5"))), at: "P1", key: "tr-1")
        #expect(other?.code == .alreadyExists && other?.field == "idempotency_key")
        try t.expectReplayAndSnapshotEqualState()
    }

    @Test func stockIsConservedAcrossShipmentAndArrival() throws {
        var t = try Self.stocked()
        func total() throws -> Quantity? {
            let source = try t.balance("P1", "bolt"), destination = try t.balance("P2", "bolt")
            return [source.onHand, destination.inTransit, destination.onHand].compactMap(Quantity.init)
                .reduce(Quantity.zero) { $0.saturatingAdding($1) }
        }
        #expect(try total() == Quantity("10"))
        try t.transfer(T.request("P1", "P2", H.line("bolt", "6.25")))
        #expect(try total() == Quantity("10"))
        try t.receive(H.line("bolt", "6"), at: "P2", transfer: "P1-T1")
        #expect(try total() == Quantity("10"))
        try t.transfer(T.request("P1", "P2", H.line("bolt", "3.75")))
        try t.receive(H.line("bolt", "0.25"), at: "P2", transfer: "P1-T1")
        #expect(try total() == Quantity("10"))
        #expect(try t.balance("P1", "bolt").onHand == "0" && (try t.balance("P2", "bolt").inTransit) == "3.75")
    }
}
