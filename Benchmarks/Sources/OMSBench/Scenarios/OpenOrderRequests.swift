import OMSClient
import OMSProto
import SwiftProtobuf

/// The calls of the open-orders scenario, spelled once.
extension OMSClient {
    /// A plant without lot rules (every approved line gets a lot of its own),
    /// one work center per operation, the BUY components, the MAKE item, its
    /// default BOM (one of each component per unit) and its default routing.
    /// Upserting the same content again changes nothing, so reruns are fine.
    func upsertOpenOrderMasterData(
        plant: String, item: String, components: [String], operations: Int, timeout: Duration
    ) async throws {
        let options = CallOptions(timeout: timeout)
        var plantRecord = Oms_V1_Plant()
        plantRecord.plantID = plant
        plantRecord.name = "omsbench plant"
        plantRecord.timeZone = "UTC"
        let _: Oms_V1_UpsertPlantResponse = try await unary(
            "oms.v1.MasterDataService/UpsertPlant", Oms_V1_UpsertPlantRequest.with { $0.plant = plantRecord },
            options: options)

        let workCenters = (1...operations).map { "\(item)-WC\($0)" }
        for id in workCenters {
            var workCenter = Oms_V1_WorkCenter()
            workCenter.workCenterID = id
            workCenter.plantID = plant
            workCenter.parallelCapacity = 1
            let _: Oms_V1_UpsertWorkCenterResponse = try await unary(
                "oms.v1.MasterDataService/UpsertWorkCenter",
                Oms_V1_UpsertWorkCenterRequest.with { $0.workCenter = workCenter }, options: options)
        }

        for (id, sourcing) in components.map({ ($0, Oms_V1_ItemSourcing.buy) }) + [(item, .make)] {
            var record = Oms_V1_Item()
            record.itemID = id
            record.sourcing = sourcing
            record.unit = "pc"
            let _: Oms_V1_UpsertItemResponse = try await unary(
                "oms.v1.MasterDataService/UpsertItem", Oms_V1_UpsertItemRequest.with { $0.item = record },
                options: options)
        }

        var bom = Oms_V1_BillOfMaterials()
        bom.bomID = "\(item)-BOM"
        bom.plantID = plant
        bom.itemID = item
        bom.isDefault = true
        bom.components = components.map { id in
            var component = Oms_V1_BomComponent()
            component.itemID = id
            component.quantity = "1"
            return component
        }
        let _: Oms_V1_UpsertBillOfMaterialsResponse = try await unary(
            "oms.v1.MasterDataService/UpsertBillOfMaterials",
            Oms_V1_UpsertBillOfMaterialsRequest.with { $0.billOfMaterials = bom }, options: options)

        var routing = Oms_V1_Routing()
        routing.routingID = "\(item)-ROUTING"
        routing.plantID = plant
        routing.itemID = item
        routing.isDefault = true
        routing.operations = workCenters.enumerated().map { index, workCenter in
            var operation = Oms_V1_RoutingOperation()
            operation.sequence = UInt32(10 * (index + 1))
            operation.name = "op \(index + 1)"
            operation.workCenterID = workCenter
            operation.setupSeconds = 600
            operation.runSecondsPerUnit = "60"
            return operation
        }
        let _: Oms_V1_UpsertRoutingResponse = try await unary(
            "oms.v1.MasterDataService/UpsertRouting", Oms_V1_UpsertRoutingRequest.with { $0.routing = routing },
            options: options)
    }

    func receiveStock(plant: String, item: String, quantity: String, unit: String, timeout: Duration) async throws {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = .purchase
        request.reference = "omsbench set-up"
        var line = Oms_V1_StockLine.of(item: item, quantity: quantity)
        line.unit = unit
        request.lines = [line]
        _ = try await unary(
            "oms.v1.InventoryService/Receive", request, as: Oms_V1_ReceiveStockResponse.self,
            options: CallOptions(timeout: timeout))
    }

    func approveOrder(id: String, timeout: Duration) async throws {
        var request = Oms_V1_ApproveOrderRequest()
        request.orderID = id
        _ = try await unary(
            "oms.v1.OrderService/Approve", request, as: Oms_V1_ApproveOrderResponse.self,
            options: CallOptions(timeout: timeout))
    }
}
