import Foundation
import OMSClient
import OMSProto
import OMSWire
import SwiftProtobuf
import Testing

/// Stock transfers between plants, against the real omsd, its sockets and
/// its PostgreSQL: shipped stock leaves the source at once and is in transit
/// at the destination until received there (in parts); nothing is created
/// or lost on the way (source on hand + destination in transit + destination
/// on hand stays what was received), across a SIGKILL, across a crash
/// between the two plants' commits, and whatever bad input is sent.
@Suite("Transfers between plants", .serialized)
struct TransferIntegrationTests {
    /// (source on hand, destination in transit, destination on hand) of an item.
    static func split(_ client: OMSClient, _ item: String) async throws -> [String] {
        let source = try await client.figures(plant: "P1", item: item).balance
        let destination = try await client.figures(plant: "P2", item: item).balance
        return [source.onHand, destination.inTransit, destination.onHand]
    }

    /// The three figures added up exactly.
    static func total(_ figures: [String]) -> Int64? {
        let micros = figures.map(StockRaceTests.micros)
        guard micros.allSatisfy({ $0 != nil }) else { return nil }
        return micros.reduce(0) { $0 + ($1 ?? 0) }
    }

    static func receive(_ client: OMSClient, plant: String, _ item: String, _ quantity: String, unit: String) async throws {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = .purchase
        var line = Oms_V1_StockLine()
        line.itemID = item
        line.quantity = quantity
        line.unit = unit
        request.lines = [line]
        let _: Oms_V1_ReceiveStockResponse = try await client.unary("oms.v1.InventoryService/Receive", request)
    }

    /// The `transfers` table: shard, side, item, route, quantity, received, whether it arrived in full.
    static func transferRows(_ daemon: DaemonProcess) async throws -> [String] {
        try await daemon.sqlColumn(
            """
            SELECT shard || ' ' || side || ' ' || item || ' ' || from_plant || '/' || from_location || '->'
                   || to_plant || '/' || to_location || ' ' || quantity::float8 || ' ' || received::float8 || ' '
                   || CASE WHEN received_at IS NULL THEN 'open' ELSE 'arrived' END
              FROM transfers ORDER BY shard, side, item
            """)
    }

    @Test func aTransferArrivesInPartsAndSurvivesSIGKILL() async throws {
        var daemon = try await DaemonProcess.start()
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }
        var client = try await OMSClient.connect(to: daemon.unix)
        try await Self.receive(client, plant: "P1", "BOLT", "100", unit: "PC")
        try await Self.receive(client, plant: "P1", "WIRE", "12.5", unit: "M")

        let arrival = Date().addingTimeInterval(48 * 3_600)
        let shipped = try await client.transfer(
            from: "P1", to: "P2", toLocation: "DOCK", [("BOLT", "30"), ("WIRE", "2.5")], arrival: arrival, key: "tr-1")
        #expect(shipped.transferID == "P1-T1" && shipped.state == .inTransit)
        #expect(shipped.lines.map { [$0.itemID, $0.quantity, $0.unit, $0.quantityReceived] } == [["BOLT", "30", "PC", "0"], ["WIRE", "2.5", "M", "0"]])

        // Answered after the destination's commit: in transit there on the next read.
        #expect(try await Self.split(client, "BOLT") == ["70", "30", "0"])
        #expect(try await Self.split(client, "WIRE") == ["10", "2.5", "0"])
        let atDock = try await client.figures(plant: "P2", item: "BOLT", location: "DOCK", horizon: arrival.addingTimeInterval(3_600))
        #expect(atDock.balance.inTransit == "30" && atDock.balance.unit == "PC")
        #expect(atDock.atp.map(\.receipts) == ["0", "30"], "ATP: the transfer arrives at its expected arrival")
        #expect(atDock.atp.map(\.availableToPromise) == ["0", "30"])
        #expect(try await client.getTransfer("P1-T1") == shipped)
        // Without a plant: one answer per plant, in plant order.
        let everywhere: Oms_V1_StockAvailabilityResponse = try await client.unary(
            "oms.v1.InventoryService/Availability", Oms_V1_StockAvailabilityRequest.with { $0.itemIds = ["BOLT"] })
        #expect(everywhere.items.map { [$0.balance.plantID, $0.balance.onHand, $0.balance.inTransit] } == [["P1", "70", "0"], ["P2", "0", "30"]])

        // A retry with the same key ships nothing more and answers the same.
        #expect(try await client.transfer(
            from: "P1", to: "P2", toLocation: "DOCK", [("BOLT", "30"), ("WIRE", "2.5")], arrival: arrival, key: "tr-1") == shipped)
        #expect(try await Self.split(client, "BOLT") == ["70", "30", "0"])

        // A first part arrives.
        let part = try await client.receiveTransfer(plant: "P2", transfer: "P1-T1", [("BOLT", "12")])
        #expect(part.movements.map(\.kind) == [.transferIn] && part.movements.map(\.locationID) == ["DOCK"])
        #expect(part.movements.map(\.transferID) == ["P1-T1"])
        #expect(try await Self.split(client, "BOLT") == ["70", "18", "12"])
        #expect(Self.total(try await Self.split(client, "BOLT")) == 100_000_000, "nothing created or lost")
        let partly = try await client.getTransfer("P1-T1")
        #expect(partly.state == .inTransit && partly.lines.map(\.quantityReceived) == ["12", "0"] && partly.version == 2)

        // The query tables follow the journal.
        let stock = try await daemon.sqlColumn(
            "SELECT shard || '/' || item || '@' || location || '=' || on_hand::float8 FROM stock WHERE item = 'BOLT' ORDER BY shard, location")
        #expect(stock == ["P1/BOLT@=70", "P2/BOLT@DOCK=12"])
        let types = try await daemon.sqlColumn(
            "SELECT shard || ' ' || event_type FROM journal WHERE event_type LIKE 'inventory.transfer%' ORDER BY shard")
        #expect(types == ["P1 inventory.transfer_shipped", "P2 inventory.transfer_inbound"])
        #expect(try await Self.transferRows(daemon) == [
            "P1 OUTBOUND BOLT P1/->P2/DOCK 30 0 open", "P1 OUTBOUND WIRE P1/->P2/DOCK 2.5 0 open",
            "P2 INBOUND BOLT P1/->P2/DOCK 30 12 open", "P2 INBOUND WIRE P1/->P2/DOCK 2.5 0 open",
        ])

        // A crash: everything as acknowledged after the restart.
        let before = [try await Self.split(client, "BOLT"), try await Self.split(client, "WIRE")]
        let transferBefore = try await client.getTransfer("P1-T1")
        let curveBefore = try await client.figures(plant: "P2", item: "BOLT", horizon: arrival.addingTimeInterval(3_600)).atp
        client.close()
        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon)
        client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        #expect([try await Self.split(client, "BOLT"), try await Self.split(client, "WIRE")] == before)
        #expect(try await client.getTransfer("P1-T1") == transferBefore)
        let curveAfter = try await client.figures(plant: "P2", item: "BOLT", horizon: arrival.addingTimeInterval(3_600)).atp
        #expect(curveAfter.map(\.receipts) == curveBefore.map(\.receipts))
        #expect(try await daemon.sqlColumn("SELECT count(*) FROM journal WHERE event_type = 'inventory.transfer_inbound'") == ["1"],
                "the start-up sweep found nothing to register again")

        // The rest arrives: received in full.
        _ = try await client.receiveTransfer(plant: "P2", transfer: "P1-T1", [("BOLT", "18"), ("WIRE", "2.5")])
        let done = try await client.getTransfer("P1-T1")
        #expect(done.state == .received && done.hasReceivedAt && done.lines.map(\.quantityReceived) == ["30", "2.5"])
        #expect(try await Self.split(client, "BOLT") == ["70", "0", "30"])
        #expect(try await Self.split(client, "WIRE") == ["10", "0", "2.5"])
        #expect(try await Self.transferRows(daemon).filter { $0.hasPrefix("P2") } == [
            "P2 INBOUND BOLT P1/->P2/DOCK 30 30 arrived", "P2 INBOUND WIRE P1/->P2/DOCK 2.5 2.5 arrived",
        ])
        stopped = true
        #expect(await daemon.terminate() == 0)
    }

    @Test func aCrashBetweenShippingAndRegisteringHealsAtStartUp() async throws {
        // The hook stops Transfer after the source's commit, as a crash right there would.
        var daemon = try await DaemonProcess.start(environment: ["OMSD_FAULT_SKIP_TRANSFER_INBOUND": "1"])
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }
        var client = try await OMSClient.connect(to: daemon.unix)
        try await Self.receive(client, plant: "P1", "BOLT", "10", unit: "PC")
        try await Self.receive(client, plant: "P2", "NUT", "1", unit: "PC")  // P2 has a shard and a journal

        let shipped = try StockCommandTests.json(try await StockCommandTests.omsctl(
            ["transfer", "P1", "P2/DOCK", "BOLT=4", "--arrival", "+24", "--reference", "DN-9"], daemon))
        let transfer = try #require(shipped["transfer"] as? [String: Any])
        #expect(transfer["transferId"] as? String == "P1-T1" && transfer["state"] as? String == "TRANSFER_STATE_IN_TRANSIT")
        // Shipped and durable at the source, unknown at the destination.
        #expect(try await Self.split(client, "BOLT") == ["6", "0", "0"])
        let notYet = await #expect(throws: RPCError.self) {
            _ = try await client.receiveTransfer(plant: "P2", transfer: "P1-T1", [("BOLT", "1")])
        }
        #expect(notYet?.code == .notFound, "\(String(describing: notYet))")
        let fromSource = try StockCommandTests.json(try await StockCommandTests.omsctl(["transfer", "--get", "P1-T1"], daemon))
        #expect((fromSource["transfer"] as? [String: Any])?["reference"] as? String == "DN-9")

        client.close()
        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon)
        client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        // Healed before the daemon said ready: in transit at the destination.
        #expect(try await Self.split(client, "BOLT") == ["6", "4", "0"])
        #expect(try await client.figures(plant: "P2", item: "BOLT", location: "DOCK").balance.inTransit == "4")
        let healed = try await client.getTransfer("P1-T1")
        #expect(healed.toLocationID == "DOCK" && healed.hasExpectedArrival && healed.reference == "DN-9")
        let arrived = try StockCommandTests.json(try await StockCommandTests.omsctl(
            ["receive", "BOLT:4", "--plant", "P2", "--transfer", "P1-T1"], daemon))
        let movements = try #require(arrived["movements"] as? [[String: Any]])
        #expect(movements.map { $0["kind"] as? String } == ["MOVEMENT_KIND_TRANSFER_IN"])
        #expect(movements.map { $0["locationId"] as? String } == ["DOCK"])
        #expect(try await client.getTransfer("P1-T1").state == .received)
        #expect(try await Self.split(client, "BOLT") == ["6", "0", "4"])
        #expect(try await Self.transferRows(daemon) == [
            "P1 OUTBOUND BOLT P1/->P2/DOCK 4 0 open", "P2 INBOUND BOLT P1/->P2/DOCK 4 4 arrived",
        ])

        // Another restart registers nothing twice.
        client.close()
        #expect(await daemon.terminate() == 0)
        daemon = try await DaemonProcess.start(reusing: daemon)
        #expect(try await daemon.sqlColumn("SELECT count(*) FROM journal WHERE event_type = 'inventory.transfer_inbound'") == ["1"])
        stopped = true
        #expect(await daemon.terminate() == 0)
    }

    @Test func aReservationShippedAndALocationMoveShowInTheQueryTables() async throws {
        let daemon = try await DaemonProcess.start()
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        try await Self.receive(client, plant: "P1", "BOLT", "20", unit: "PC")
        let held = try await client.reserve(plant: "P1", item: "BOLT", quantity: "8", key: "pick-7")

        var fromReservation = Oms_V1_TransferStockRequest()
        fromReservation.fromPlantID = "P1"
        fromReservation.toPlantID = "P2"
        fromReservation.reservationID = held.reservationID
        var line = Oms_V1_StockLine()
        line.itemID = "BOLT"
        line.quantity = "5"
        fromReservation.lines = [line]
        let shipped: Oms_V1_TransferStockResponse = try await client.unary("oms.v1.InventoryService/Transfer", fromReservation)
        #expect(shipped.transfer.lines.map(\.quantity) == ["5"])
        let reservation = try await client.reservation(held.reservationID)
        #expect(reservation.state == .active && reservation.lines.map(\.quantityConsumed) == ["5"])
        let source = try await client.figures(plant: "P1", item: "BOLT").balance
        #expect([source.onHand, source.reserved, source.available] == ["15", "3", "12"])

        // Between two locations of P1: at once, nothing in transit.
        let moved = try await client.transfer(from: "P1", to: "P1", toLocation: "RACK", [("BOLT", "2")])
        #expect(moved.state == .received && moved.lines.map(\.quantityReceived) == ["2"])
        #expect(try await client.figures(plant: "P1", item: "BOLT", location: "RACK").balance.onHand == "2")
        #expect(try await client.figures(plant: "P1", item: "BOLT").balance.inTransit == "0")
        #expect(try await client.getTransfer(moved.transferID) == moved)

        let stock = try await daemon.sqlColumn(
            "SELECT location || '=' || on_hand::float8 || '/' || reserved::float8 FROM stock WHERE shard = 'P1' ORDER BY location")
        #expect(stock == ["=13/3", "RACK=2/0"])
        let lines = try await daemon.sqlColumn(
            "SELECT consumed::float8 || ' ' || status FROM reservation_lines WHERE reservation_id = '\(held.reservationID)'")
        #expect(lines == ["5 ACTIVE"])
        stopped = true
        #expect(await daemon.terminate() == 0)
    }

    @Test func badTransfersAreRefusedClearlyAndChangeNothing() async throws {
        let daemon = try await DaemonProcess.start()
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        try await Self.receive(client, plant: "P1", "BOLT", "10", unit: "PC")
        try await Self.receive(client, plant: "P2", "GEAR", "1", unit: "KG")
        try await Self.receive(client, plant: "P1", "GEAR", "5", unit: "PC")
        _ = try await client.transfer(from: "P1", to: "P2", [("BOLT", "4")])
        let figures = [try await Self.split(client, "BOLT"), try await Self.split(client, "GEAR")]
        #expect(figures == [["6", "4", "0"], ["5", "0", "1"]])
        let rows = try await daemon.sqlColumn("SELECT count(*) FROM journal")

        @discardableResult
        func refused(_ name: String, _ code: StatusCode, field: String? = nil, _ call: () async throws -> Void) async -> RPCError? {
            let error = await #expect(throws: RPCError.self, "\(name)") { try await call() }
            #expect(error?.code == code, "\(name): \(String(describing: error))")
            if let field { #expect(StockRaceTests.fields(error).contains(field), "\(name) names \(field): \(String(describing: error))") }
            return error
        }
        await refused("unknown transfer", .notFound) { _ = try await client.getTransfer("P1-T9") }
        await refused("not a transfer id", .invalidArgument, field: "transfer_id") { _ = try await client.getTransfer("nonsense") }
        await refused("receipt of an unknown transfer", .notFound, field: "transfer_id") {
            _ = try await client.receiveTransfer(plant: "P2", transfer: "P1-T9", [("BOLT", "1")])
        }
        let over = await refused("over-receipt", .failedPrecondition) {
            _ = try await client.receiveTransfer(plant: "P2", transfer: "P1-T1", [("BOLT", "4.5")])
        }
        #expect(over.map(StockRaceTests.shortages)?.map { [$0.item, $0.requested, $0.available] } == [["BOLT", "4.5", "4"]])
        let short = await refused("shortage", .failedPrecondition) {
            _ = try await client.transfer(from: "P1", to: "P2", [("BOLT", "7")])
        }
        #expect(short.map(StockRaceTests.shortages)?.map { [$0.item, $0.requested, $0.available, $0.unit] } == [["BOLT", "7", "6", "PC"]])
        await refused("same plant and location", .invalidArgument, field: "to_location_id") {
            _ = try await client.transfer(from: "P1", to: "P1", [("BOLT", "1")])
        }
        await refused("zero", .invalidArgument, field: "lines[0].quantity") {
            _ = try await client.transfer(from: "P1", to: "P2", [("BOLT", "0")])
        }
        await refused("negative", .invalidArgument, field: "lines[0].quantity") {
            _ = try await client.transfer(from: "P1", to: "P2", [("BOLT", "-2")])
        }
        await refused("no destination", .invalidArgument, field: "to_plant_id") {
            _ = try await client.transfer(from: "P1", to: "", [("BOLT", "1")])
        }
        await refused("a unit the destination does not keep the item in", .failedPrecondition, field: "lines[0].item_id") {
            _ = try await client.transfer(from: "P1", to: "P2", [("GEAR", "1")])
        }
        await refused("transfer receipt without transfer_id", .invalidArgument, field: "transfer_id") {
            _ = try await client.receiveTransfer(plant: "P2", transfer: "", [("BOLT", "1")])
        }

        #expect([try await Self.split(client, "BOLT"), try await Self.split(client, "GEAR")] == figures, "nothing moved")
        #expect(try await daemon.sqlColumn("SELECT count(*) FROM journal") == rows, "refusals wrote no journal events")
        stopped = true
        #expect(await daemon.terminate() == 0)
    }
}
