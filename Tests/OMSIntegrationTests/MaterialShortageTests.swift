import Foundation
import OMSClient
import OMSProto
import OMSStore
import SwiftProtobuf
import Testing

/// The planner's side of inventory through the real daemon: approving an
/// order makes its lots reserve their BOM components at once; what is
/// missing shows on the order; a WMS reservation left unconfirmed expires
/// under the daemon's default hold and its stock goes to the short lot; a
/// receipt clears a shortage in the same acknowledged command; all of it
/// is in the journal and the tables, and survives a SIGKILL.
@Suite("Material for production orders", .serialized)
struct MaterialShortageTests {
    static func setUpMasterData(_ client: OMSClient) async throws {
        try await ProductionOrderTests.setUpMasterData(client)
        var bolt = Oms_V1_Item()
        bolt.itemID = "BOLT-M8"
        bolt.sourcing = .buy
        bolt.unit = "pc"
        let _: Oms_V1_UpsertItemResponse = try await client.unary(
            "oms.v1.MasterDataService/UpsertItem", Oms_V1_UpsertItemRequest.with { $0.item = bolt })
        var bom = Oms_V1_BillOfMaterials()
        bom.bomID = "B-PUMP-7"
        bom.plantID = "P1"
        bom.itemID = "PUMP-7"
        bom.isDefault = true
        var component = Oms_V1_BomComponent()
        component.itemID = "BOLT-M8"
        component.quantity = "4"
        bom.components = [component]
        let _: Oms_V1_UpsertBillOfMaterialsResponse = try await client.unary(
            "oms.v1.MasterDataService/UpsertBillOfMaterials",
            Oms_V1_UpsertBillOfMaterialsRequest.with { $0.billOfMaterials = bom })
    }

    static func order(_ client: OMSClient, _ id: String) async throws -> Oms_V1_Order {
        var get = Oms_V1_GetOrderRequest()
        get.orderID = id
        let found: Oms_V1_GetOrderResponse = try await client.unary("oms.v1.OrderService/Get", get)
        return found.order
    }

    /// What the production order's ACTIVE reservations hold, per item.
    static func held(_ client: OMSClient, lot: String) async throws -> [String: String] {
        var request = Oms_V1_ListReservationsRequest()
        request.productionOrderID = lot
        let page: Oms_V1_ListReservationsResponse = try await client.unary("oms.v1.InventoryService/ListReservations", request)
        var held: [String: Int] = [:]
        for line in page.reservations.flatMap(\.lines) { held[line.itemID, default: 0] += Int(line.quantityOpen) ?? -1_000_000 }
        return held.mapValues(String.init)
    }

    @Test func shortagesFollowStockAndSurviveACrash() async throws {
        // Reservations without an expiry are held for 5 s.
        var daemon = try await DaemonProcess.start(extraArguments: ["--reservation-hold-seconds", "5"])
        var client = try await OMSClient.connect(to: daemon.unix)
        try await Self.setUpMasterData(client)
        _ = try await client.receive(plant: "P1", item: "BOLT-M8", quantity: "100")

        // A picker reserves 60 and never confirms.
        var pick = Oms_V1_ReserveStockRequest()
        pick.plantID = "P1"
        pick.externalReference = "pick-1"
        pick.lines = [Oms_V1_StockLine.with { $0.itemID = "BOLT-M8"; $0.quantity = "60" }]
        let picked: Oms_V1_ReserveStockResponse = try await client.unary("oms.v1.InventoryService/Reserve", pick)
        #expect(picked.reservation.hasExpiresAt, "the default hold applies")

        // 25 pumps need 100 bolts; 40 are free.
        let first = try await ProductionOrderTests.submitAndApprove(client, "SO-1", "25", dueDay: 7)
        var order = try await Self.order(client, first)
        let lot = try #require(order.lines.first?.pegs.first?.productionOrderID)
        let heldBeforeExpiry = try await Self.held(client, lot: lot)
        // Expiry only ever happens once: if the pick is still ACTIVE now, both reads above saw the state before it.
        if try await client.reservation(picked.reservation.reservationID).state == .active {
            let shortage = try #require(order.materialShortages.first)
            #expect(order.materialShortages.count == 1)
            #expect(shortage.itemID == "BOLT-M8" && shortage.quantity == "60" && shortage.productionOrderID == lot)
            #expect(shortage.expectedAt == picked.reservation.expiresAt, "the pick's stock comes back when it expires")
            #expect(heldBeforeExpiry == ["BOLT-M8": "40"])
        } else {
            // A machine so loaded that 5 s passed: the checks after the expiry still apply.
            print("MaterialShortageTests: the pick expired before the first reads; skipped the checks before expiry")
        }

        // The daemon expires the pick by itself; the lot takes its stock.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, try await !Self.order(client, first).materialShortages.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
        }
        order = try await Self.order(client, first)
        #expect(order.materialShortages.isEmpty)
        #expect(try await client.reservation(picked.reservation.reservationID).state == .expired)
        #expect(try await Self.held(client, lot: lot) == ["BOLT-M8": "100"])
        var history = Oms_V1_OrderHistoryRequest()
        history.orderID = first
        let entries: Oms_V1_OrderHistoryResponse = try await client.unary("oms.v1.OrderService/History", history)
        #expect(entries.entries.filter { $0.action == .planUpdated && $0.actor == "system" }.count == 2,
                "short, then covered")

        // A second order is short of everything; a receipt covers it in the same acknowledged command.
        let second = try await ProductionOrderTests.submitAndApprove(client, "SO-2", "10", dueDay: 20)
        #expect(try await Self.order(client, second).materialShortages.map(\.quantity) == ["40"])
        _ = try await client.receive(plant: "P1", item: "BOLT-M8", quantity: "50")
        #expect(try await Self.order(client, second).materialShortages.isEmpty)
        let balance = try await client.balance(plant: "P1", item: "BOLT-M8")
        #expect(balance.onHand == "150" && balance.reserved == "140" && balance.available == "10")

        // The tables agree with the journal's decisions.
        let connectionString = try await daemon.databaseConnectionString()
        let reservedRows = try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            return try connection.execute(
                "SELECT coalesce(sum(reserved), 0)::text FROM stock WHERE shard = 'P1' AND item = 'BOLT-M8'")
        }
        #expect(reservedRows.string(row: 0, column: 0).flatMap { Double($0) } == 140)

        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon, extraArguments: ["--reservation-hold-seconds", "5"])
        client = try await OMSClient.connect(to: daemon.unix)
        #expect(try await Self.order(client, first).materialShortages.isEmpty)
        #expect(try await Self.order(client, second).materialShortages.isEmpty)
        #expect(try await Self.held(client, lot: lot) == ["BOLT-M8": "100"])
        let after = try await client.balance(plant: "P1", item: "BOLT-M8")
        #expect(after.onHand == "150" && after.reserved == "140" && after.available == "10")

        // Cancelling gives the lot's bolts back.
        var cancel = Oms_V1_CancelOrderRequest()
        cancel.orderID = first
        cancel.reason = "customer cancelled"
        let _: Oms_V1_CancelOrderResponse = try await client.unary("oms.v1.OrderService/Cancel", cancel)
        #expect(try await Self.held(client, lot: lot).isEmpty)
        #expect(try await client.balance(plant: "P1", item: "BOLT-M8").available == "110")
        #expect(await daemon.terminate() == 0)
    }
}
