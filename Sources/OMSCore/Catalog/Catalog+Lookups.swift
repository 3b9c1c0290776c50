public import OMSProto

/// Direct reads for other parts of the core (orders pin routing and BOM
/// versions, check items and customers). `version` 0 = the current one;
/// nil when the record or that version is unknown.
extension Catalog {
    public func plant(id: String, version: UInt64 = 0) -> Oms_V1_Plant? {
        plants.record(id, version: version)
    }

    public func item(id: String, version: UInt64 = 0) -> Oms_V1_Item? {
        items.record(id, version: version)
    }

    public func billOfMaterials(id: String, version: UInt64 = 0) -> Oms_V1_BillOfMaterials? {
        billsOfMaterials.record(id, version: version)
    }

    public func routing(id: String, version: UInt64 = 0) -> Oms_V1_Routing? {
        routings.record(id, version: version)
    }

    public func workCenter(id: String, version: UInt64 = 0) -> Oms_V1_WorkCenter? {
        workCenters.record(id, version: version)
    }

    public func calendar(id: String, version: UInt64 = 0) -> Oms_V1_Calendar? {
        calendars.record(id, version: version)
    }

    public func customer(id: String, version: UInt64 = 0) -> Oms_V1_Customer? {
        customers.record(id, version: version)
    }

    /// The BOM that new production orders of the item in the plant use.
    public func defaultBillOfMaterials(plantID: String, itemID: String) -> Oms_V1_BillOfMaterials? {
        billsOfMaterials.defaultRecord(plantID: plantID, itemID: itemID)
    }

    /// The routing that new production orders of the item in the plant use.
    public func defaultRouting(plantID: String, itemID: String) -> Oms_V1_Routing? {
        routings.defaultRecord(plantID: plantID, itemID: itemID)
    }
}
