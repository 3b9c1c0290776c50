public import OMSProto

extension Catalog {
    /// Applies one journaled event: stores the record version it carries.
    /// Deterministic and total: it reads nothing but the state and the event,
    /// never traps, and ignores what it cannot place (a version that does not
    /// follow the stored ones, an event without a body), which `decide` never
    /// produces.
    public mutating func apply(_ event: Oms_Journal_V1_CatalogEvent) {
        switch event.event {
        case .plantUpserted(let body)?: plants.store(body.plant)
        case .itemUpserted(let body)?: items.store(body.item)
        case .billOfMaterialsUpserted(let body)?: billsOfMaterials.store(body.billOfMaterials)
        case .routingUpserted(let body)?: routings.store(body.routing)
        case .workCenterUpserted(let body)?: workCenters.store(body.workCenter)
        case .calendarUpserted(let body)?: calendars.store(body.calendar)
        case .customerUpserted(let body)?: customers.store(body.customer)
        case nil: break
        }
    }
}
