import OMSCore
import OMSProto

/// One broken rule: a valid record from `CatalogFixture` with one change, and the
/// field the refusal must name. Run against `CatalogHarness.seeded()`.
struct InvalidUpsert: Sendable, CustomStringConvertible {
    let description: String
    let command: CatalogCommand
    let field: String

    /// `base` with `change` applied, upserted.
    static func breaking<Record>(
        _ base: Record, _ upsert: (Record) -> CatalogCommand, _ name: String, _ field: String,
        _ change: (inout Record) -> Void
    ) -> InvalidUpsert {
        var record = base
        change(&record)
        return InvalidUpsert(description: name, command: upsert(record), field: field)
    }

    static func plant(_ name: String, _ field: String, _ change: (inout Oms_V1_Plant) -> Void) -> InvalidUpsert {
        breaking(CatalogFixture.plant("P3"), { .upsert($0) }, "plant: \(name)", field, change)
    }

    static func item(_ name: String, _ field: String, _ change: (inout Oms_V1_Item) -> Void) -> InvalidUpsert {
        breaking(CatalogFixture.item("E"), { .upsert($0) }, "item: \(name)", field, change)
    }

    static func bom(_ name: String, _ field: String, _ change: (inout Oms_V1_BillOfMaterials) -> Void) -> InvalidUpsert {
        let base = CatalogFixture.bom("BOM-D", item: "D", components: [("B", "1"), ("C", "0.25")])
        return breaking(base, { .upsert($0) }, "BOM: \(name)", field, change)
    }

    static func routing(_ name: String, _ field: String, _ change: (inout Oms_V1_Routing) -> Void) -> InvalidUpsert {
        let base = CatalogFixture.routing("R-D", item: "D", operations: [(10, "WC1"), (20, "WC2"), (30, "WC1")])
        return breaking(base, { .upsert($0) }, "routing: \(name)", field, change)
    }

    static func workCenter(_ name: String, _ field: String, _ change: (inout Oms_V1_WorkCenter) -> Void) -> InvalidUpsert {
        breaking(CatalogFixture.workCenter("WC3", plant: "P1", calendar: "CAL1"), { .upsert($0) }, "work center: \(name)", field, change)
    }

    static func calendar(_ name: String, _ field: String, _ change: (inout Oms_V1_Calendar) -> Void) -> InvalidUpsert {
        breaking(CatalogFixture.calendar("CAL3", plant: "P1"), { .upsert($0) }, "calendar: \(name)", field, change)
    }

    static func customer(_ name: String, _ field: String, _ change: (inout Oms_V1_Customer) -> Void) -> InvalidUpsert {
        breaking(CatalogFixture.customer("CU2"), { .upsert($0) }, "customer: \(name)", field, change)
    }

    static func exceptionShift(_ start: UInt32, _ minutes: UInt32) -> Oms_V1_Shift {
        CatalogFixture.shift(0, start, minutes)
    }
}

extension InvalidUpsert {
    static let plants: [InvalidUpsert] = [
        InvalidUpsert(description: "plant: missing record", command: .upsertPlant(.init()), field: "plant"),
        plant("no id", "plant.plant_id") { $0.plantID = "" },
        plant("no time zone", "plant.time_zone") { $0.timeZone = "" },
        plant("unknown time zone", "plant.time_zone") { $0.timeZone = "Mars/Olympus" },
        plant("location without id", "plant.locations[1].location_id") { $0.locations[1].locationID = "" },
        plant("duplicate location", "plant.locations[1].location_id") { $0.locations[1].locationID = "MAIN" },
        plant("default location not listed", "plant.default_location_id") { $0.defaultLocationID = "DOCK" },
        plant("unknown default calendar", "plant.default_calendar_id") { $0.defaultCalendarID = "CAL9" },
        plant("default calendar of another plant", "plant.default_calendar_id") {
            $0.plantID = "P1"
            $0.defaultCalendarID = "CAL2"
        },
    ]

    static let items: [InvalidUpsert] = [
        InvalidUpsert(description: "item: missing record", command: .upsertItem(.init()), field: "item"),
        item("no id", "item.item_id") { $0.itemID = "" },
        item("no unit", "item.unit") { $0.unit = "" },
        item("unit changes", "item.unit") {
            $0.itemID = "C"
            $0.unit = "G"
        },
        item("scale beyond six decimals", "item.quantity_scale") { $0.quantityScale = 7 },
        item("zero min lot", "item.min_lot_size") { $0.minLotSize = "0" },
        item("negative max lot", "item.max_lot_size") { $0.maxLotSize = "-5" },
        item("lot multiple not a number", "item.lot_multiple") { $0.lotMultiple = "1e3" },
        item("lot size finer than the scale", "item.min_lot_size") { $0.minLotSize = "1.5" },
        item("max below min", "item.max_lot_size") {
            $0.minLotSize = "10"
            $0.maxLotSize = "5"
        },
    ]

    static let billsOfMaterials: [InvalidUpsert] = [
        InvalidUpsert(description: "BOM: missing record", command: .upsertBillOfMaterials(.init()), field: "bill_of_materials"),
        bom("no id", "bill_of_materials.bom_id") { $0.bomID = "" },
        bom("no plant", "bill_of_materials.plant_id") { $0.plantID = "" },
        bom("unknown plant", "bill_of_materials.plant_id") { $0.plantID = "P9" },
        bom("moves to another plant", "bill_of_materials.plant_id") {
            $0.bomID = "BOM-A"
            $0.plantID = "P2"
        },
        bom("unknown parent item", "bill_of_materials.item_id") { $0.itemID = "Z" },
        bom("zero base quantity", "bill_of_materials.base_quantity") { $0.baseQuantity = "0" },
        bom("no components", "bill_of_materials.components") { $0.components = [] },
        bom("component without item", "bill_of_materials.components[1].item_id") { $0.components[1].itemID = "" },
        bom("unknown component item", "bill_of_materials.components[1].item_id") { $0.components[1].itemID = "Z" },
        bom("zero component quantity", "bill_of_materials.components[0].quantity") { $0.components[0].quantity = "0" },
        bom("negative component quantity", "bill_of_materials.components[1].quantity") { $0.components[1].quantity = "-0.5" },
        bom("component quantity missing", "bill_of_materials.components[0].quantity") { $0.components[0].quantity = "" },
        bom("component in another unit", "bill_of_materials.components[1].unit") { $0.components[1].unit = "G" },
        bom("negative scrap factor", "bill_of_materials.components[0].scrap_factor") { $0.components[0].scrapFactor = "-0.1" },
        bom("retired default", "bill_of_materials.is_default") {
            $0.isDefault = true
            $0.retired = true
        },
        bom("needs itself", "bill_of_materials.components[1].item_id") { $0.components[1].itemID = "D" },
    ]

    static let routings: [InvalidUpsert] = [
        InvalidUpsert(description: "routing: missing record", command: .upsertRouting(.init()), field: "routing"),
        routing("no id", "routing.routing_id") { $0.routingID = "" },
        routing("unknown plant", "routing.plant_id") { $0.plantID = "P9" },
        routing("moves to another plant", "routing.plant_id") {
            $0.routingID = "R-A"
            $0.plantID = "P2"
            $0.operations = [$0.operations[0]]
            $0.operations[0].workCenterID = "WC9"
        },
        routing("unknown item", "routing.item_id") { $0.itemID = "Z" },
        routing("no operations", "routing.operations") { $0.operations = [] },
        routing("sequence zero", "routing.operations[1].sequence") { $0.operations[1].sequence = 0 },
        routing("duplicate sequence", "routing.operations[2].sequence") { $0.operations[2].sequence = 10 },
        routing("operation without work center", "routing.operations[1].work_center_id") { $0.operations[1].workCenterID = "" },
        routing("unknown work center", "routing.operations[2].work_center_id") { $0.operations[2].workCenterID = "WC7" },
        routing("work center of another plant", "routing.operations[0].work_center_id") { $0.operations[0].workCenterID = "WC9" },
        routing("negative run time", "routing.operations[1].run_seconds_per_unit") { $0.operations[1].runSecondsPerUnit = "-1" },
        routing("run time not a number", "routing.operations[0].run_seconds_per_unit") { $0.operations[0].runSecondsPerUnit = "fast" },
        routing("alternate unknown", "routing.operations[0].alternates[0].work_center_id") {
            $0.operations[0].alternates = [.with { $0.workCenterID = "WC7" }]
        },
        routing("alternate of another plant", "routing.operations[1].alternates[1].work_center_id") {
            $0.operations[1].alternates = [.with { $0.workCenterID = "WC1" }, .with { $0.workCenterID = "WC9" }]
        },
        routing("alternate is the primary", "routing.operations[0].alternates[0].work_center_id") {
            $0.operations[0].alternates = [.with { $0.workCenterID = "WC1" }]
        },
        routing("alternate named twice", "routing.operations[0].alternates[1].work_center_id") {
            $0.operations[0].alternates = [.with { $0.workCenterID = "WC2" }, .with { $0.workCenterID = "WC2" }]
        },
        routing("alternate negative run time", "routing.operations[2].alternates[0].run_seconds_per_unit") {
            $0.operations[2].alternates = [.with { $0.workCenterID = "WC2"; $0.runSecondsPerUnit = "-0.5" }]
        },
        routing("retired default", "routing.is_default") {
            $0.isDefault = true
            $0.retired = true
        },
    ]

    static let workCenters: [InvalidUpsert] = [
        InvalidUpsert(description: "work center: missing record", command: .upsertWorkCenter(.init()), field: "work_center"),
        workCenter("no id", "work_center.work_center_id") { $0.workCenterID = "" },
        workCenter("no plant", "work_center.plant_id") { $0.plantID = "" },
        workCenter("unknown plant", "work_center.plant_id") { $0.plantID = "P9" },
        workCenter("moves to another plant", "work_center.plant_id") {
            $0.workCenterID = "WC1"
            $0.plantID = "P2"
            $0.calendarID = "CAL2"
        },
        workCenter("no capacity", "work_center.parallel_capacity") { $0.parallelCapacity = 0 },
        workCenter("zero efficiency", "work_center.efficiency") { $0.efficiency = "0" },
        workCenter("unknown calendar", "work_center.calendar_id") { $0.calendarID = "CAL9" },
        workCenter("calendar of another plant", "work_center.calendar_id") { $0.calendarID = "CAL2" },
        workCenter("transition without target family", "work_center.setup_transitions[0].to_family") {
            $0.setupTransitions = [.with { $0.fromFamily = "red" }]
        },
        workCenter("transition twice", "work_center.setup_transitions[1]") {
            $0.setupTransitions = [
                .with { $0.fromFamily = "red"; $0.toFamily = "blue"; $0.setupSeconds = 60 },
                .with { $0.fromFamily = "red"; $0.toFamily = "blue"; $0.setupSeconds = 90 },
            ]
        },
    ]

    static let calendars: [InvalidUpsert] = [
        InvalidUpsert(description: "calendar: missing record", command: .upsertCalendar(.init()), field: "calendar"),
        calendar("no id", "calendar.calendar_id") { $0.calendarID = "" },
        calendar("unknown plant", "calendar.plant_id") { $0.plantID = "P9" },
        calendar("moves to another plant", "calendar.plant_id") {
            $0.calendarID = "CAL1"
            $0.plantID = "P2"
        },
        calendar("no shifts", "calendar.shifts") { $0.shifts = [] },
        calendar("weekday zero", "calendar.shifts[3].weekday") { $0.shifts[3].weekday = 0 },
        calendar("weekday eight", "calendar.shifts[0].weekday") { $0.shifts[0].weekday = 8 },
        calendar("start past the day", "calendar.shifts[2].start_minute") { $0.shifts[2].startMinute = 1440 },
        calendar("empty shift", "calendar.shifts[1].duration_minutes") { $0.shifts[1].durationMinutes = 0 },
        calendar("shift longer than a day", "calendar.shifts[1].duration_minutes") { $0.shifts[1].durationMinutes = 1441 },
        calendar("overlapping shifts", "calendar.shifts[1]") { $0.shifts[1].startMinute = 800 },
        calendar("Sunday night runs into Monday's shift", "calendar.shifts[10]") {
            $0.shifts.append(CatalogFixture.shift(7, 22 * 60, 600))
        },
        calendar("impossible date", "calendar.exceptions[0].date") { $0.exceptions[0].date = "2026-02-29" },
        calendar("month thirteen", "calendar.exceptions[0].date") { $0.exceptions[0].date = "2026-13-01" },
        calendar("date without dashes", "calendar.exceptions[0].date") { $0.exceptions[0].date = "20261225" },
        calendar("same date twice", "calendar.exceptions[1].date") {
            $0.exceptions.append(.with { $0.date = "2026-12-25" })
        },
        calendar("exception shift empty", "calendar.exceptions[1].shifts[0].duration_minutes") {
            $0.exceptions.append(.with { $0.date = "2026-12-27"; $0.shifts = [exceptionShift(360, 0)] })
        },
        calendar("exception shifts overlap", "calendar.exceptions[1].shifts[1]") {
            $0.exceptions.append(.with {
                $0.date = "2026-12-28"
                $0.shifts = [exceptionShift(360, 480), exceptionShift(600, 60)]
            })
        },
    ]

    static let customers: [InvalidUpsert] = [
        InvalidUpsert(description: "customer: missing record", command: .upsertCustomer(.init()), field: "customer"),
        customer("no id", "customer.customer_id") { $0.customerID = "" },
        customer("priority above 100", "customer.priority") { $0.priority = 101 },
    ]
}
