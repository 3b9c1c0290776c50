import OMSCore
import OMSProto
import Testing

/// What must hold of any catalog that only `decide` and `apply` built,
/// checked through the public API alone.
struct CatalogInvariants {
    let catalog: Catalog
    let step: Int

    func checkAll(pageSize: UInt32) throws {
        let plants = try catalog.listPlants(.with(Self.everything)).plants
        let items = try catalog.listItems(.with(Self.everything)).items
        let boms = try catalog.listBillsOfMaterials(.with(Self.everything)).billsOfMaterials
        let routings = try catalog.listRoutings(.with(Self.everything)).routings
        let workCenters = try catalog.listWorkCenters(.with(Self.everything)).workCenters
        let calendars = try catalog.listCalendars(.with(Self.everything)).calendars

        try versionsAreContiguous(plants.map { ($0.plantID, $0.version) }) {
            catalog.plant(id: $0, version: $1)?.version
        }
        try versionsAreContiguous(items.map { ($0.itemID, $0.version) }) {
            catalog.item(id: $0, version: $1)?.version
        }
        try versionsAreContiguous(boms.map { ($0.bomID, $0.version) }) {
            catalog.billOfMaterials(id: $0, version: $1)?.version
        }
        try versionsAreContiguous(routings.map { ($0.routingID, $0.version) }) {
            catalog.routing(id: $0, version: $1)?.version
        }
        try atMostOneDefault(boms.filter(\.isDefault).map { ($0.plantID, $0.itemID, $0.retired) })
        try atMostOneDefault(routings.filter(\.isDefault).map { ($0.plantID, $0.itemID, $0.retired) })
        for plant in plants { try noCycle(boms.filter { $0.plantID == plant.plantID && !$0.retired }) }
        try referencesExist(boms: boms, routings: routings, workCenters: workCenters)
        try plantsHaveTheirCalendars(plants: plants, workCenters: workCenters, calendars: calendars)
        try pagesMatch(items.map(\.itemID), pageSize: pageSize)
    }

    /// One page with every record, retired ones included.
    static func everything<Request: CatalogListRequestFields>(_ request: inout Request) {
        request.includeRetired = true
        request.pageSize = 1_000
    }

    /// Versions 1...current are all readable, each with its own number.
    func versionsAreContiguous(_ records: [(String, UInt64)], _ lookup: (String, UInt64) -> UInt64?) throws {
        for (id, current) in records {
            try #require(current >= 1, "step \(step): \(id) has version 0")
            for version in 1...current {
                try #require(lookup(id, version) == version, "step \(step): \(id) version \(version) missing")
            }
            try #require(lookup(id, current + 1) == nil, "step \(step): \(id) has a version past its current one")
        }
    }

    /// (plant, item, retired) of every default.
    func atMostOneDefault(_ defaults: [(String, String, Bool)]) throws {
        let keys = defaults.map { "\($0.0)/\($0.1)" }
        try #require(Set(keys).count == keys.count, "step \(step): two defaults among \(keys)")
        try #require(!defaults.contains { $0.2 }, "step \(step): a retired default")
    }

    /// Kahn's algorithm: every item can be ordered before its components.
    func noCycle(_ boms: [Oms_V1_BillOfMaterials]) throws {
        var edges: [String: [String]] = [:]
        var incoming: [String: Int] = [:]
        for bom in boms {
            incoming[bom.itemID, default: 0] += 0
            for component in bom.components {
                edges[bom.itemID, default: []].append(component.itemID)
                incoming[component.itemID, default: 0] += 1
            }
        }
        var ready = incoming.filter { $0.value == 0 }.map(\.key)
        var ordered = 0
        while let item = ready.popLast() {
            ordered += 1
            for component in edges[item] ?? [] {
                incoming[component, default: 0] -= 1
                if incoming[component] == 0 { ready.append(component) }
            }
        }
        try #require(ordered == incoming.count, "step \(step): BOM cycle among \(boms.map(\.bomID))")
    }

    func referencesExist(
        boms: [Oms_V1_BillOfMaterials], routings: [Oms_V1_Routing], workCenters: [Oms_V1_WorkCenter]
    ) throws {
        func inPlant(_ workCenterID: String, _ plantID: String) -> Bool {
            catalog.workCenter(id: workCenterID)?.plantID == plantID
        }
        for bom in boms {
            try #require(catalog.plant(id: bom.plantID) != nil, "step \(step): \(bom.bomID)")
            try #require(catalog.item(id: bom.itemID) != nil, "step \(step): \(bom.bomID)")
            for component in bom.components {
                let unit = try #require(catalog.item(id: component.itemID)?.unit, "step \(step): \(bom.bomID)")
                try #require(component.unit.isEmpty || component.unit == unit, "step \(step): \(bom.bomID) unit")
            }
        }
        for routing in routings {
            for operation in routing.operations {
                let workCenterIDs = [operation.workCenterID] + operation.alternates.map(\.workCenterID)
                try #require(workCenterIDs.allSatisfy { inPlant($0, routing.plantID) }, "step \(step): \(routing.routingID)")
            }
        }
    }

    func plantsHaveTheirCalendars(
        plants: [Oms_V1_Plant], workCenters: [Oms_V1_WorkCenter], calendars: [Oms_V1_Calendar]
    ) throws {
        for workCenter in workCenters where !workCenter.calendarID.isEmpty {
            let plantID = catalog.calendar(id: workCenter.calendarID)?.plantID
            try #require(plantID == workCenter.plantID, "step \(step): \(workCenter.workCenterID)")
        }
        for plant in plants where !plant.defaultCalendarID.isEmpty {
            let plantID = catalog.calendar(id: plant.defaultCalendarID)?.plantID
            try #require(plantID == plant.plantID, "step \(step): \(plant.plantID)")
        }
        for calendar in calendars {
            try #require(catalog.plant(id: calendar.plantID) != nil, "step \(step): \(calendar.calendarID)")
        }
    }

    /// Paging through with `pageSize` gives every id exactly once, in order.
    func pagesMatch(_ allIDs: [String], pageSize: UInt32) throws {
        var paged: [String] = []
        var request = Oms_V1_ListItemsRequest.with { $0.includeRetired = true; $0.pageSize = pageSize }
        repeat {
            let response = try catalog.listItems(request)
            paged += response.items.map(\.itemID)
            request.pageToken = response.nextPageToken
        } while !request.pageToken.isEmpty
        try #require(paged == allIDs, "step \(step): paging with \(pageSize) gave \(paged)")
    }
}

/// The fields every List request has; lets one helper fill them all.
protocol CatalogListRequestFields {
    var includeRetired: Bool { get set }
    var pageSize: UInt32 { get set }
}

extension Oms_V1_ListPlantsRequest: CatalogListRequestFields {}
extension Oms_V1_ListItemsRequest: CatalogListRequestFields {}
extension Oms_V1_ListBillsOfMaterialsRequest: CatalogListRequestFields {}
extension Oms_V1_ListRoutingsRequest: CatalogListRequestFields {}
extension Oms_V1_ListWorkCentersRequest: CatalogListRequestFields {}
extension Oms_V1_ListCalendarsRequest: CatalogListRequestFields {}
