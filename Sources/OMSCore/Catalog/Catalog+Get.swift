public import OMSProto

/// MasterDataService Get*: the current record, or the past `version` asked
/// for. Empty id: INVALID_ARGUMENT; unknown id or version: NOT_FOUND.
extension Catalog {
    public func getPlant(_ request: Oms_V1_GetPlantRequest) throws(DomainError) -> Oms_V1_GetPlantResponse {
        var response = Oms_V1_GetPlantResponse()
        response.plant = try find(request.plantID, request.version, in: plants, "plant_id")
        return response
    }

    public func getItem(_ request: Oms_V1_GetItemRequest) throws(DomainError) -> Oms_V1_GetItemResponse {
        var response = Oms_V1_GetItemResponse()
        response.item = try find(request.itemID, request.version, in: items, "item_id")
        return response
    }

    public func getBillOfMaterials(
        _ request: Oms_V1_GetBillOfMaterialsRequest
    ) throws(DomainError) -> Oms_V1_GetBillOfMaterialsResponse {
        var response = Oms_V1_GetBillOfMaterialsResponse()
        response.billOfMaterials = try find(request.bomID, request.version, in: billsOfMaterials, "bom_id")
        return response
    }

    public func getRouting(_ request: Oms_V1_GetRoutingRequest) throws(DomainError) -> Oms_V1_GetRoutingResponse {
        var response = Oms_V1_GetRoutingResponse()
        response.routing = try find(request.routingID, request.version, in: routings, "routing_id")
        return response
    }

    public func getWorkCenter(
        _ request: Oms_V1_GetWorkCenterRequest
    ) throws(DomainError) -> Oms_V1_GetWorkCenterResponse {
        var response = Oms_V1_GetWorkCenterResponse()
        response.workCenter = try find(request.workCenterID, request.version, in: workCenters, "work_center_id")
        return response
    }

    public func getCalendar(_ request: Oms_V1_GetCalendarRequest) throws(DomainError) -> Oms_V1_GetCalendarResponse {
        var response = Oms_V1_GetCalendarResponse()
        response.calendar = try find(request.calendarID, request.version, in: calendars, "calendar_id")
        return response
    }

    public func getCustomer(_ request: Oms_V1_GetCustomerRequest) throws(DomainError) -> Oms_V1_GetCustomerResponse {
        var response = Oms_V1_GetCustomerResponse()
        response.customer = try find(request.customerID, request.version, in: customers, "customer_id")
        return response
    }

    private func find<Record: CatalogRecord>(
        _ id: String, _ version: UInt64, in history: RecordHistory<Record>, _ field: String
    ) throws(DomainError) -> Record {
        try CatalogFieldCheck.required(id, field)
        if let record = history.record(id, version: version) { return record }
        guard let current = history.current(id) else {
            throw DomainError(
                .notFound, "\(Record.kind) \"\(id)\" not found", field: field, subject: "\(Record.kind) \(id)")
        }
        throw DomainError(
            .notFound,
            "\(Record.kind) \"\(id)\" has no version \(version) (current: \(current.version))",
            field: "version",
            subject: "\(Record.kind) \(id)"
        )
    }
}
