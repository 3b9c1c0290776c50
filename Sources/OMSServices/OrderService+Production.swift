import Foundation
import OMSCore
import OMSProto
import OMSRPC
import OMSWire

/// The production-order methods of oms.v1.OrderService: Split, Merge and
/// ReleaseProductionOrders go to the plant's writer (ids are
/// "<plant>-P<n>"); GetProductionOrder and ListProductionOrders are served
/// from memory.
extension OrderService {
    func registerProductionOrders(in router: inout RPCRouter) {
        let catalog = self.catalog
        command(&router, "Split", { (r: Oms_V1_SplitProductionOrderRequest) in
            PlantID.owning(productionOrders: [r.productionOrderID], field: "production_order_id")
        }, { OrderCommand.split($0, masterData: catalog.read { $0 }) }) {
            if case .split(let response) = $0 { response } else { nil }
        }
        command(&router, "Merge", { (r: Oms_V1_MergeProductionOrdersRequest) in
            PlantID.owning(productionOrders: r.productionOrderIds, field: "production_order_ids")
        }, OrderCommand.merge) {
            if case .merge(let response) = $0 { response } else { nil }
        }
        command(&router, "ReleaseProductionOrders", { (r: Oms_V1_ReleaseProductionOrdersRequest) in
            PlantID.owning(productionOrders: r.productionOrderIds, field: "production_order_ids")
        }, OrderCommand.releaseProductionOrders) {
            if case .releaseProductionOrders(let response) = $0 { response } else { nil }
        }
        let backend = self.backend
        router.unaryInline("oms.v1.OrderService/GetProductionOrder") {
            (request: Oms_V1_GetProductionOrderRequest, _) throws(RPCError) in
            try domain {
                let (plant, field) = PlantID.owning(productionOrders: [request.productionOrderID], field: "production_order_id")
                try PlantID.validate(plant, field: field)
                guard let found = try backend.read(plant: plant, { try $0.orders.getProductionOrder(request) }) else {
                    throw RPCError(.notFound, "production order \(request.productionOrderID) not found")
                }
                return found
            }
        }
        router.unaryInline("oms.v1.OrderService/ListProductionOrders") {
            (request: Oms_V1_ListProductionOrdersRequest, _) throws(RPCError) in
            try domain { try Self.listProductionOrders(request, backend: backend) }
        }
    }

    /// Every plant's page (or the one plant's), merged in (due date, id)
    /// order; the next token is the last one's position, which every plant
    /// understands.
    static func listProductionOrders(
        _ request: Oms_V1_ListProductionOrdersRequest, backend: any OrderBackend
    ) throws -> Oms_V1_ListProductionOrdersResponse {
        if !request.plantID.isEmpty { try PlantID.validate(request.plantID) }
        let plants = request.plantID.isEmpty ? backend.plants : [request.plantID]
        var merged: [Oms_V1_ProductionOrder] = []
        var more = false
        for plant in plants {
            guard let page = try backend.read(plant: plant, { try $0.orders.listProductionOrders(request) }) else {
                continue
            }
            merged += page.lots
            more = more || page.more
        }
        merged.sort(by: OrderBook.productionListsBefore)
        let pageSize = OrderPageToken.pageSize(request.pageSize)
        var response = Oms_V1_ListProductionOrdersResponse()
        response.productionOrders = Array(merged.prefix(pageSize))
        if more || merged.count > pageSize, let last = response.productionOrders.last {
            response.nextPageToken = OrderBook.productionPageToken(after: last)
        }
        return response
    }
}
