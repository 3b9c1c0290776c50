import Foundation
import OMSClient
import OMSProto
import OMSStore
import OMSWire
import SwiftProtobuf
import Testing

/// Production orders through the real daemon: approval makes lots by the
/// plant's rules from master data upserted over the API, Split, Merge and
/// Release re-shape them with pegging kept exact, bad requests get their
/// status, and all of it survives a SIGKILL.
@Suite("Production orders", .serialized)
struct ProductionOrderTests {
    static let day: TimeInterval = 86_400

    static func setUpMasterData(_ client: OMSClient) async throws {
        var plant = Oms_V1_Plant()
        plant.plantID = "P1"
        plant.name = "Plant one"
        plant.timeZone = "Europe/Berlin"
        var rule = Oms_V1_LotRule()
        rule.mergeWindowSeconds = UInt64(2 * day)
        plant.lotRules = [rule]
        let _: Oms_V1_UpsertPlantResponse = try await client.unary(
            "oms.v1.MasterDataService/UpsertPlant", Oms_V1_UpsertPlantRequest.with { $0.plant = plant })

        var workCenter = Oms_V1_WorkCenter()
        workCenter.workCenterID = "ASSY-1"
        workCenter.plantID = "P1"
        workCenter.parallelCapacity = 1
        let _: Oms_V1_UpsertWorkCenterResponse = try await client.unary(
            "oms.v1.MasterDataService/UpsertWorkCenter", Oms_V1_UpsertWorkCenterRequest.with { $0.workCenter = workCenter })

        var item = Oms_V1_Item()
        item.itemID = "PUMP-7"
        item.sourcing = .make
        item.unit = "pc"
        item.productType = "pump"
        item.maxLotSize = "100"
        let _: Oms_V1_UpsertItemResponse = try await client.unary(
            "oms.v1.MasterDataService/UpsertItem", Oms_V1_UpsertItemRequest.with { $0.item = item })

        var routing = Oms_V1_Routing()
        routing.routingID = "R-PUMP-7"
        routing.plantID = "P1"
        routing.itemID = "PUMP-7"
        routing.isDefault = true
        var assemble = Oms_V1_RoutingOperation()
        assemble.sequence = 10
        assemble.workCenterID = "ASSY-1"
        assemble.setupSeconds = 900
        assemble.runSecondsPerUnit = "120"
        routing.operations = [assemble]
        let _: Oms_V1_UpsertRoutingResponse = try await client.unary(
            "oms.v1.MasterDataService/UpsertRouting", Oms_V1_UpsertRoutingRequest.with { $0.routing = routing })
    }

    static func submitAndApprove(_ client: OMSClient, _ external: String, _ quantity: String, dueDay: Double)
        async throws -> String
    {
        var request = Oms_V1_SubmitOrderRequest()
        request.sourceSystem = "sap-prd"
        request.externalOrderID = external
        request.channel = .erp
        request.customerID = "C-ACME"
        request.plantID = "P1"
        var line = Oms_V1_OrderLineInput()
        line.lineID = "10"
        line.itemID = "PUMP-7"
        line.quantity = quantity
        line.dueDate = Google_Protobuf_Timestamp(date: Date(timeIntervalSince1970: 1_900_000_000 + dueDay * day))
        request.lines = [line]
        let submitted: Oms_V1_SubmitOrderResponse = try await client.unary("oms.v1.OrderService/Submit", request)
        var approve = Oms_V1_ApproveOrderRequest()
        approve.orderID = submitted.order.orderID
        let approved: Oms_V1_ApproveOrderResponse = try await client.unary("oms.v1.OrderService/Approve", approve)
        #expect(approved.order.state == .approved)
        return submitted.order.orderID
    }

    static func list(_ client: OMSClient) async throws -> [Oms_V1_ProductionOrder] {
        var request = Oms_V1_ListProductionOrdersRequest()
        request.pageSize = 2
        var lots: [Oms_V1_ProductionOrder] = []
        repeat {
            let page: Oms_V1_ListProductionOrdersResponse = try await client.unary(
                "oms.v1.OrderService/ListProductionOrders", request)
            lots += page.productionOrders
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        return lots
    }

    static func pegged(_ client: OMSClient, _ orderID: String) async throws -> [String] {
        var get = Oms_V1_GetOrderRequest()
        get.orderID = orderID
        let found: Oms_V1_GetOrderResponse = try await client.unary("oms.v1.OrderService/Get", get)
        return found.order.lines.flatMap(\.pegs).map { "\($0.productionOrderID)=\($0.quantity)" }
    }

    @Test func lotsFollowTheRulesAreReshapedByHandAndSurviveACrash() async throws {
        var daemon = try await DaemonProcess.start()
        var client = try await OMSClient.connect(to: daemon.unix)
        try await Self.setUpMasterData(client)

        // 150 splits at the maximum lot of 100; 30 due a day later merges into the second lot.
        let big = try await Self.submitAndApprove(client, "SO-1", "150", dueDay: 7)
        let small = try await Self.submitAndApprove(client, "SO-2", "30", dueDay: 8)
        var lots = try await Self.list(client)
        #expect(lots.map(\.productionOrderID) == ["P1-P1", "P1-P2"])
        #expect(lots.map(\.quantity) == ["100", "80"])
        #expect(lots[1].pegs.map(\.orderID) == [big, small] && lots[1].version == 2)
        #expect(lots.allSatisfy { $0.routingID == "R-PUMP-7" && $0.routingVersion == 1 && $0.state == .created })

        // Split by hand: the earliest-due demand goes to the first part.
        var split = Oms_V1_SplitProductionOrderRequest()
        split.productionOrderID = "P1-P2"
        split.expectedVersion = 2
        split.reason = "two shifts"
        split.parts = ["60", "20"].map { quantity in Oms_V1_SplitPart.with { $0.quantity = quantity } }
        let parts: Oms_V1_SplitProductionOrderResponse = try await client.unary("oms.v1.OrderService/Split", split)
        #expect(parts.productionOrders.map(\.productionOrderID) == ["P1-P3", "P1-P4"])
        #expect(parts.productionOrders[0].pegs.map(\.quantity) == ["50", "10"])
        #expect(parts.productionOrders[1].pegs.map(\.orderID) == [small])

        // The same split again: the lot is SUPERSEDED now.
        let again = await #expect(throws: RPCError.self) {
            let _: Oms_V1_SplitProductionOrderResponse = try await client.unary("oms.v1.OrderService/Split", split)
        }
        #expect(again?.code == .aborted, "expected_version 2 is stale")
        split.expectedVersion = 0
        let superseded = await #expect(throws: RPCError.self) {
            let _: Oms_V1_SplitProductionOrderResponse = try await client.unary("oms.v1.OrderService/Split", split)
        }
        #expect(superseded?.code == .failedPrecondition)
        #expect(superseded?.details.contains { $0.precondition.currentState == "SUPERSEDED" } == true)

        // Merge the parts back with the first lot and release the result.
        var merge = Oms_V1_MergeProductionOrdersRequest()
        merge.productionOrderIds = ["P1-P1", "P1-P4"]
        merge.reason = "one setup"
        let merged: Oms_V1_MergeProductionOrdersResponse = try await client.unary("oms.v1.OrderService/Merge", merge)
        #expect(merged.productionOrder.productionOrderID == "P1-P5" && merged.productionOrder.quantity == "120")
        var release = Oms_V1_ReleaseProductionOrdersRequest()
        release.productionOrderIds = ["P1-P5"]
        let released: Oms_V1_ReleaseProductionOrdersResponse = try await client.unary(
            "oms.v1.OrderService/ReleaseProductionOrders", release)
        #expect(released.productionOrders.map(\.state) == [.released])

        // Bad requests: ids of no plant, of two plants, unknown ids.
        var mixed = Oms_V1_MergeProductionOrdersRequest()
        mixed.productionOrderIds = ["P1-P3", "P2-P1"]
        mixed.reason = "x"
        let twoPlants = await #expect(throws: RPCError.self) {
            let _: Oms_V1_MergeProductionOrdersResponse = try await client.unary("oms.v1.OrderService/Merge", mixed)
        }
        #expect(twoPlants?.code == .invalidArgument)
        let unknown = await #expect(throws: RPCError.self) {
            let _: Oms_V1_GetProductionOrderResponse = try await client.unary(
                "oms.v1.OrderService/GetProductionOrder",
                Oms_V1_GetProductionOrderRequest.with { $0.productionOrderID = "P1-P99" })
        }
        #expect(unknown?.code == .notFound)

        lots = try await Self.list(client)
        let bigPegs = try await Self.pegged(client, big)
        let smallPegs = try await Self.pegged(client, small)
        #expect(bigPegs == ["P1-P3=50", "P1-P5=100"])
        #expect(smallPegs == ["P1-P3=10", "P1-P5=20"])

        // Acknowledged: a SIGKILL and restart rebuild exactly the same lots and pegs.
        client.close()
        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon)
        client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        #expect(try await Self.list(client) == lots)
        #expect(try await Self.pegged(client, big) == bigPegs)
        #expect(try await Self.pegged(client, small) == smallPegs)

        // The tables, written in the journal's transactions, say the same.
        let connectionString = try await daemon.databaseConnectionString()
        let (rows, pegRows) = try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            let lots = try connection.execute(
                "SELECT production_order_id, state, quantity::text, version FROM production_orders WHERE shard = 'P1' "
                    + "ORDER BY production_order_id")
            let pegs = try connection.execute(
                "SELECT production_order_id || '=' || trim(trailing '.' from trim(trailing '0' from quantity::text)) "
                    + "FROM production_order_pegs WHERE shard = 'P1' AND order_id = $1 ORDER BY production_order_id",
                [.text(big)])
            return (lots, pegs)
        }
        let tabled = (0..<rows.count).map { row in
            [rows.string(row: row, column: 0) ?? "", rows.string(row: row, column: 1) ?? "",
             (rows.string(row: row, column: 2)).flatMap(Double.init).map { String(Int($0)) } ?? "",
             rows.string(row: row, column: 3) ?? ""]
        }
        let fromAPI = lots.sorted { $0.productionOrderID < $1.productionOrderID }.map { lot in
            [lot.productionOrderID, lot.quantity, String(lot.version)]
        }
        #expect(tabled.map { [$0[0], $0[2], $0[3]] } == fromAPI)
        #expect(tabled.map { $0[1] } == ["SUPERSEDED", "SUPERSEDED", "CREATED", "SUPERSEDED", "RELEASED"])
        let replaced = Set(lots.filter { $0.state == .superseded }.map(\.productionOrderID))
        let livePegs = (0..<pegRows.count).compactMap { pegRows.string(row: $0, column: 0) }
            .filter { !replaced.contains(String($0.prefix { $0 != "=" })) }
        #expect(livePegs == bigPegs, "the live lots' pegs in SQL are the order's pegs")

        // The same by an operator with omsctl: split, merge back, and a refused split.
        let omsctl = ImportTests.omsctl()
        let socket = ["--socket", daemon.socketPath]
        let split2 = try await CommandProcess.run(omsctl, ["order", "split", "P1-P3", "30", "30@2030-03-01"] + socket)
        #expect(split2.status == 0, "\(split2.stderr)")
        #expect(split2.stdout.contains("P1-P6") && split2.stdout.contains("P1-P7"), "\(split2.stdout)")
        let merge2 = try await CommandProcess.run(omsctl, ["order", "merge", "P1-P6", "P1-P7"] + socket)
        #expect(merge2.status == 0 && merge2.stdout.contains("P1-P8"), "\(merge2.stdout)\(merge2.stderr)")
        let bad = try await CommandProcess.run(omsctl, ["order", "split", "P1-P8", "1", "1"] + socket)
        #expect(bad.status != 0 && bad.stderr.contains("INVALID_ARGUMENT") && bad.stderr.contains("parts"), "\(bad.stderr)")
        let listed = try await CommandProcess.run(omsctl, ["order", "lots", "--order", big, "--state", "CREATED"] + socket)
        #expect(listed.status == 0 && listed.stdout.contains("P1-P8") && !listed.stdout.contains("P1-P6"), "\(listed.stdout)")
        #expect(try await Self.pegged(client, big) == ["P1-P5=100", "P1-P8=50"])
        #expect(await daemon.terminate() == 0)
    }
}
