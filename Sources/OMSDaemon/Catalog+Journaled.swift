public import OMSCore
public import OMSEngine
public import OMSProto

/// The master-data catalog is one shard of its own (journal shard `catalog:global`).
extension Catalog: ShardDomain {
    public typealias Command = CatalogCommand
    public typealias Event = Oms_Journal_V1_CatalogEvent
    public typealias Reply = CatalogReply
    public typealias Context = CommandContext
    public typealias Failure = DomainError
}

extension Catalog: JournaledDomain {
    init(emptyShard: String) {
        self.init()
    }

    static func eventType(of event: Oms_Journal_V1_CatalogEvent) -> String {
        switch event.event {
        case .plantUpserted: "catalog.plant_upserted"
        case .itemUpserted: "catalog.item_upserted"
        case .billOfMaterialsUpserted: "catalog.bill_of_materials_upserted"
        case .routingUpserted: "catalog.routing_upserted"
        case .workCenterUpserted: "catalog.work_center_upserted"
        case .calendarUpserted: "catalog.calendar_upserted"
        case .customerUpserted: "catalog.customer_upserted"
        case nil: "catalog.unknown"
        }
    }
}
