public import OMSProto

/// The whole catalog as one message, every version included, so recovery can
/// start from the latest snapshot and apply only the journal after it.
/// `init(snapshot:)` of `snapshot()` equals the original (tested).
extension Catalog {
    public func snapshot() -> Oms_Journal_V1_CatalogSnapshot {
        var snapshot = Oms_Journal_V1_CatalogSnapshot()
        snapshot.plants = plants.allVersions
        snapshot.items = items.allVersions
        snapshot.billsOfMaterials = billsOfMaterials.allVersions
        snapshot.routings = routings.allVersions
        snapshot.workCenters = workCenters.allVersions
        snapshot.calendars = calendars.allVersions
        snapshot.customers = customers.allVersions
        return snapshot
    }

    public init(snapshot: Oms_Journal_V1_CatalogSnapshot) {
        self.init()
        snapshot.plants.forEach { plants.store($0) }
        snapshot.items.forEach { items.store($0) }
        snapshot.billsOfMaterials.forEach { billsOfMaterials.store($0) }
        snapshot.routings.forEach { routings.store($0) }
        snapshot.workCenters.forEach { workCenters.store($0) }
        snapshot.calendars.forEach { calendars.store($0) }
        snapshot.customers.forEach { customers.store($0) }
    }
}
