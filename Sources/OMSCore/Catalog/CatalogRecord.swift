import OMSProto
import SwiftProtobuf

/// The oneof of a catalog journal event.
typealias CatalogEventBody = Oms_Journal_V1_CatalogEvent.OneOf_Event

/// What the catalog needs of each master-data record type: its id, its
/// server-assigned fields, and how it is journaled. The generated contract
/// messages conform; the catalog stores them as they are.
protocol CatalogRecord: Sendable, Equatable {
    /// Name used in messages and page tokens ("plant", "work center").
    static var kind: String { get }
    var recordID: String { get }
    var version: UInt64 { get set }
    var updatedAt: Google_Protobuf_Timestamp { get set }
    var retired: Bool { get }
    mutating func clearUpdatedAt()
    /// The event body that stores this record.
    var upsertedEvent: CatalogEventBody { get }
}

extension CatalogRecord {
    /// The record as a client writes it: version and update time are the
    /// server's, so they take no part in "did the content change".
    var withoutServerFields: Self {
        var record = self
        record.version = 0
        record.clearUpdatedAt()
        return record
    }
}

/// Work centers, calendars, BOMs and routings belong to one plant.
protocol PlantScopedRecord: CatalogRecord {
    var plantID: String { get }
}

/// BOMs and routings: at most one per (plant, item) is the default.
protocol PlantItemDefault: PlantScopedRecord {
    var itemID: String { get }
    var isDefault: Bool { get set }
}

extension Oms_V1_Plant: CatalogRecord {
    static var kind: String { "plant" }
    var recordID: String { plantID }
    var upsertedEvent: CatalogEventBody { .plantUpserted(.with { $0.plant = self }) }
}

extension Oms_V1_Item: CatalogRecord {
    static var kind: String { "item" }
    var recordID: String { itemID }
    var upsertedEvent: CatalogEventBody { .itemUpserted(.with { $0.item = self }) }
}

extension Oms_V1_BillOfMaterials: PlantItemDefault {
    static var kind: String { "bill of materials" }
    var recordID: String { bomID }
    var upsertedEvent: CatalogEventBody { .billOfMaterialsUpserted(.with { $0.billOfMaterials = self }) }
}

extension Oms_V1_Routing: PlantItemDefault {
    static var kind: String { "routing" }
    var recordID: String { routingID }
    var upsertedEvent: CatalogEventBody { .routingUpserted(.with { $0.routing = self }) }
}

extension Oms_V1_WorkCenter: PlantScopedRecord {
    static var kind: String { "work center" }
    var recordID: String { workCenterID }
    var upsertedEvent: CatalogEventBody { .workCenterUpserted(.with { $0.workCenter = self }) }
}

extension Oms_V1_Calendar: PlantScopedRecord {
    static var kind: String { "calendar" }
    var recordID: String { calendarID }
    var upsertedEvent: CatalogEventBody { .calendarUpserted(.with { $0.calendar = self }) }
}

extension Oms_V1_Customer: CatalogRecord {
    static var kind: String { "customer" }
    var recordID: String { customerID }
    var upsertedEvent: CatalogEventBody { .customerUpserted(.with { $0.customer = self }) }
}
