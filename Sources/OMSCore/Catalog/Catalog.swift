import OMSProto

/// The master data of all plants: plants, items, bills of materials,
/// routings, work centers, shift calendars and customers. Owned by the
/// single writer of the global "catalog" shard.
///
/// Changed only by `apply` (events); `decide` and the queries are pure reads.
/// Rebuilt after a restart by applying the journaled events in order onto
/// `Catalog()`, or from `init(snapshot:)` plus the events after it.
///
/// Rules where the contract leaves room:
/// - References must exist when a record is written, so a new installation
///   loads in this order: plants (without `default_calendar_id`), calendars,
///   work centers, then the plants again if they name a default calendar;
///   items; bills of materials; routings; customers (any time).
/// - A reference may name a retired record: retiring restricts new orders and
///   plans, not master data that already points at it.
/// - A record's plant never changes (like its id): work centers, calendars,
///   BOMs and routings that name another plant than their stored version are
///   refused. An item's unit never changes either (no conversions in v1).
/// - Decimals are stored canonically ("1.50" -> "1.5"), so an upsert that
///   differs only in how a number is written changes nothing.
/// - Setting `is_default` on a BOM or routing takes the flag from the other
///   one of its (plant, item), which gets a new version (its own event). A
///   retired record cannot be the default.
/// - BOM cycles are checked per plant over the BOMs that are not retired.
public struct Catalog: Sendable, Equatable {
    var plants = RecordHistory<Oms_V1_Plant>()
    var items = RecordHistory<Oms_V1_Item>()
    var billsOfMaterials = RecordHistory<Oms_V1_BillOfMaterials>()
    var routings = RecordHistory<Oms_V1_Routing>()
    var workCenters = RecordHistory<Oms_V1_WorkCenter>()
    var calendars = RecordHistory<Oms_V1_Calendar>()
    var customers = RecordHistory<Oms_V1_Customer>()

    public init() {}
}
