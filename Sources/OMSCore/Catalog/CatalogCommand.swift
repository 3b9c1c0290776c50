public import OMSProto

/// A change to the master data: the contract's Upsert request, as received.
public enum CatalogCommand: Sendable, Equatable {
    case upsertPlant(Oms_V1_UpsertPlantRequest)
    case upsertItem(Oms_V1_UpsertItemRequest)
    case upsertBillOfMaterials(Oms_V1_UpsertBillOfMaterialsRequest)
    case upsertRouting(Oms_V1_UpsertRoutingRequest)
    case upsertWorkCenter(Oms_V1_UpsertWorkCenterRequest)
    case upsertCalendar(Oms_V1_UpsertCalendarRequest)
    case upsertCustomer(Oms_V1_UpsertCustomerRequest)
}

/// The answer to a `CatalogCommand`, matching its case.
public enum CatalogReply: Sendable, Equatable {
    case upsertPlant(Oms_V1_UpsertPlantResponse)
    case upsertItem(Oms_V1_UpsertItemResponse)
    case upsertBillOfMaterials(Oms_V1_UpsertBillOfMaterialsResponse)
    case upsertRouting(Oms_V1_UpsertRoutingResponse)
    case upsertWorkCenter(Oms_V1_UpsertWorkCenterResponse)
    case upsertCalendar(Oms_V1_UpsertCalendarResponse)
    case upsertCustomer(Oms_V1_UpsertCustomerResponse)
}
