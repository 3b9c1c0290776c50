import OMSCore
import OMSProto
import SwiftProtobuf

/// Master data for production-order tests, built through the catalog's own
/// commands (so the rules it resolves are the ones the daemon would see).
///
/// Plant P1, work center WC1 (efficiency 1). Items:
/// - PUMP (make, "pump"): max lot 100; routing R-PUMP (default) and R-PUMP-ALT.
/// - GEAR (make, "gear"): min lot 20, multiple 25, max lot 110 (so 100 per lot).
/// - VALVE (make, "valve"): routing with setup 600 s and 60 s per unit; the
///   valve rule caps a lot's run at 6,600 s, so 100 per lot, and never merges.
/// - DRILL (make) has no routing; BOLT is bought.
/// Rules: default (merge window 2 days); "valve" (no merge, 6,600 s per lot).
enum ProductionFixture {
    static let mergeWindow: UInt64 = 2 * 86_400

    static func catalog() throws -> Catalog {
        var h = CatalogHarness()
        var plant = CatalogFixture.plant("P1")
        plant.lotRules = [rule("", merge: mergeWindow), rule("valve", merge: 0, maxRun: 6_600)]
        try h.run(.upsert(plant))
        try h.run(.upsert(CatalogFixture.workCenter("WC1", plant: "P1")))
        try h.run(.upsert(item("PUMP", type: "pump", max: "100")))
        try h.run(.upsert(item("GEAR", type: "gear", min: "20", multiple: "25", max: "110")))
        try h.run(.upsert(item("VALVE", type: "valve")))
        try h.run(.upsert(item("DRILL", type: "pump")))
        try h.run(.upsert(CatalogFixture.item("BOLT")))
        try h.run(.upsert(CatalogFixture.routing("R-PUMP", item: "PUMP", operations: [(10, "WC1")], isDefault: true)))
        try h.run(.upsert(CatalogFixture.routing("R-PUMP-ALT", item: "PUMP", operations: [(10, "WC1"), (20, "WC1")])))
        try h.run(.upsert(CatalogFixture.routing("R-GEAR", item: "GEAR", operations: [(10, "WC1")], isDefault: true)))
        var valve = CatalogFixture.routing("R-VALVE", item: "VALVE", operations: [(10, "WC1")], isDefault: true)
        valve.operations[0].runSecondsPerUnit = "60"
        try h.run(.upsert(valve))
        try h.run(.upsert(CatalogFixture.bom("B-PUMP", item: "PUMP", components: [("BOLT", "4")], isDefault: true)))
        return h.catalog
    }

    static func rule(_ type: String, merge: UInt64, maxRun: UInt64 = 0) -> Oms_V1_LotRule {
        var rule = Oms_V1_LotRule()
        rule.productType = type
        rule.mergeWindowSeconds = merge
        rule.maxLotRunSeconds = maxRun
        return rule
    }

    static func item(_ id: String, type: String, min: String = "", multiple: String = "", max: String = "")
        -> Oms_V1_Item
    {
        var item = CatalogFixture.item(id, sourcing: .make, productType: type)
        item.minLotSize = min
        item.lotMultiple = multiple
        item.maxLotSize = max
        return item
    }
}

/// Production-order commands and reads for the order harness.
extension OrderHarness {
    static func approve(_ id: String, _ catalog: Catalog) -> OrderCommand {
        var request = Oms_V1_ApproveOrderRequest()
        request.orderID = id
        return .approve(request, masterData: catalog)
    }

    static func amend(
        _ id: String, version: UInt64, lines: [Oms_V1_OrderLineInput], _ catalog: Catalog
    ) -> OrderCommand {
        guard case .amend(let request, _) = amend(id, version: version, lines: lines) else { fatalError("amend") }
        return .amend(request, masterData: catalog)
    }

    static func split(
        _ id: String, _ parts: [String], version: UInt64 = 0, routing: String = "", _ catalog: Catalog = Catalog()
    ) -> OrderCommand {
        var request = Oms_V1_SplitProductionOrderRequest()
        request.productionOrderID = id
        request.expectedVersion = version
        request.parts = parts.map { quantity in
            var part = Oms_V1_SplitPart()
            part.quantity = quantity
            part.routingID = routing
            return part
        }
        request.reason = "two shifts"
        return .split(request, masterData: catalog)
    }

    static func merge(_ ids: [String]) -> OrderCommand {
        var request = Oms_V1_MergeProductionOrdersRequest()
        request.productionOrderIds = ids
        request.reason = "one setup"
        return .merge(request)
    }

    static func releaseLots(_ ids: [String]) -> OrderCommand {
        var request = Oms_V1_ReleaseProductionOrdersRequest()
        request.productionOrderIds = ids
        return .releaseProductionOrders(request)
    }

    /// Every production order of the plant, by (due, id).
    func lots(order: String = "", states: [Oms_V1_ProductionOrderState] = []) throws -> [Oms_V1_ProductionOrder] {
        var request = Oms_V1_ListProductionOrdersRequest()
        request.orderID = order
        request.states = states
        request.pageSize = 1000
        return try book.listProductionOrders(request).lots
    }

    func lot(_ id: String) throws -> Oms_V1_ProductionOrder {
        var request = Oms_V1_GetProductionOrderRequest()
        request.productionOrderID = id
        return try book.getProductionOrder(request).productionOrder
    }

    /// Submits one order of the given lines and approves it; returns its id.
    mutating func approvedOrder(
        _ external: String, _ lines: [Oms_V1_OrderLineInput], _ catalog: Catalog
    ) throws -> String {
        let id = try submit(Self.submitRequest(external, lines: lines))
        try run(Self.approve(id, catalog))
        return id
    }
}

extension Oms_V1_ProductionOrder {
    var pegSum: Quantity { pegs.reduce(.zero) { $0 + (Quantity($1.quantity) ?? .zero) } }
}
