public import OMSProto

/// MasterDataService List*: current records ordered by id, filtered as the
/// request says, retired ones only with include_retired; `page_size` 0 =
/// 100, at most 1000; a bad or foreign page_token is INVALID_ARGUMENT.
extension Catalog {
    public func listPlants(_ request: Oms_V1_ListPlantsRequest) throws(DomainError) -> Oms_V1_ListPlantsResponse {
        let page = try plants.page(request) { _ in true }
        var response = Oms_V1_ListPlantsResponse()
        response.plants = page.records
        response.nextPageToken = page.nextPageToken
        return response
    }

    public func listItems(_ request: Oms_V1_ListItemsRequest) throws(DomainError) -> Oms_V1_ListItemsResponse {
        let page = try items.page(request) { item in
            (request.sourcing == .unspecified || item.sourcing == request.sourcing)
                && (request.productType.isEmpty || item.productType == request.productType)
        }
        var response = Oms_V1_ListItemsResponse()
        response.items = page.records
        response.nextPageToken = page.nextPageToken
        return response
    }

    public func listBillsOfMaterials(
        _ request: Oms_V1_ListBillsOfMaterialsRequest
    ) throws(DomainError) -> Oms_V1_ListBillsOfMaterialsResponse {
        let page = try billsOfMaterials.page(request) { bom in
            (request.plantID.isEmpty || bom.plantID == request.plantID)
                && (request.itemID.isEmpty || bom.itemID == request.itemID)
        }
        var response = Oms_V1_ListBillsOfMaterialsResponse()
        response.billsOfMaterials = page.records
        response.nextPageToken = page.nextPageToken
        return response
    }

    public func listRoutings(_ request: Oms_V1_ListRoutingsRequest) throws(DomainError) -> Oms_V1_ListRoutingsResponse {
        let page = try routings.page(request) { routing in
            (request.plantID.isEmpty || routing.plantID == request.plantID)
                && (request.itemID.isEmpty || routing.itemID == request.itemID)
                && (request.workCenterID.isEmpty || routing.uses(workCenterID: request.workCenterID))
        }
        var response = Oms_V1_ListRoutingsResponse()
        response.routings = page.records
        response.nextPageToken = page.nextPageToken
        return response
    }

    public func listWorkCenters(
        _ request: Oms_V1_ListWorkCentersRequest
    ) throws(DomainError) -> Oms_V1_ListWorkCentersResponse {
        let page = try workCenters.page(request) { request.plantID.isEmpty || $0.plantID == request.plantID }
        var response = Oms_V1_ListWorkCentersResponse()
        response.workCenters = page.records
        response.nextPageToken = page.nextPageToken
        return response
    }

    public func listCalendars(
        _ request: Oms_V1_ListCalendarsRequest
    ) throws(DomainError) -> Oms_V1_ListCalendarsResponse {
        let page = try calendars.page(request) { request.plantID.isEmpty || $0.plantID == request.plantID }
        var response = Oms_V1_ListCalendarsResponse()
        response.calendars = page.records
        response.nextPageToken = page.nextPageToken
        return response
    }

    public func listCustomers(
        _ request: Oms_V1_ListCustomersRequest
    ) throws(DomainError) -> Oms_V1_ListCustomersResponse {
        let page = try customers.page(request) { _ in true }
        var response = Oms_V1_ListCustomersResponse()
        response.customers = page.records
        response.nextPageToken = page.nextPageToken
        return response
    }
}

extension Oms_V1_Routing {
    /// Whether an operation runs, or may run, on the work center.
    func uses(workCenterID: String) -> Bool {
        operations.contains { operation in
            operation.workCenterID == workCenterID || operation.alternates.contains { $0.workCenterID == workCenterID }
        }
    }
}
