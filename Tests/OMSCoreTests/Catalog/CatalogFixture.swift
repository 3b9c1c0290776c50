import OMSCore
import OMSProto

/// Valid records to start from; tests change one field to break one rule.
enum CatalogFixture {
    static func plant(_ id: String, defaultCalendar: String = "") -> Oms_V1_Plant {
        var plant = Oms_V1_Plant()
        plant.plantID = id
        plant.name = "Plant \(id)"
        plant.timeZone = "Europe/Berlin"
        plant.locations = ["MAIN", "LINE"].map { id in
            var location = Oms_V1_StorageLocation()
            location.locationID = id
            return location
        }
        plant.defaultLocationID = "MAIN"
        plant.defaultCalendarID = defaultCalendar
        return plant
    }

    static func shift(_ weekday: UInt32, _ start: UInt32, _ minutes: UInt32) -> Oms_V1_Shift {
        var shift = Oms_V1_Shift()
        shift.weekday = weekday
        shift.startMinute = start
        shift.durationMinutes = minutes
        return shift
    }

    /// Two shifts, 06:00-14:00 and 14:00-22:00, Monday to Friday; closed on
    /// 2026-12-25.
    static func calendar(_ id: String, plant: String) -> Oms_V1_Calendar {
        var calendar = Oms_V1_Calendar()
        calendar.calendarID = id
        calendar.plantID = plant
        calendar.shifts = (1...5).flatMap { day in [shift(day, 360, 480), shift(day, 840, 480)] }
        var holiday = Oms_V1_CalendarException()
        holiday.date = "2026-12-25"
        holiday.name = "Christmas"
        calendar.exceptions = [holiday]
        return calendar
    }

    static func workCenter(_ id: String, plant: String, calendar: String = "") -> Oms_V1_WorkCenter {
        var workCenter = Oms_V1_WorkCenter()
        workCenter.workCenterID = id
        workCenter.plantID = plant
        workCenter.parallelCapacity = 1
        workCenter.calendarID = calendar
        return workCenter
    }

    static func item(
        _ id: String, unit: String = "EA", scale: UInt32 = 0, sourcing: Oms_V1_ItemSourcing = .buy,
        productType: String = ""
    ) -> Oms_V1_Item {
        var item = Oms_V1_Item()
        item.itemID = id
        item.unit = unit
        item.quantityScale = scale
        item.sourcing = sourcing
        item.productType = productType
        return item
    }

    static func bom(
        _ id: String, plant: String = "P1", item: String, components: [(String, String)], isDefault: Bool = false
    ) -> Oms_V1_BillOfMaterials {
        var bom = Oms_V1_BillOfMaterials()
        bom.bomID = id
        bom.plantID = plant
        bom.itemID = item
        bom.isDefault = isDefault
        bom.components = components.map { itemID, quantity in
            var component = Oms_V1_BomComponent()
            component.itemID = itemID
            component.quantity = quantity
            return component
        }
        return bom
    }

    static func routing(
        _ id: String, plant: String = "P1", item: String, operations: [(UInt32, String)], isDefault: Bool = false
    ) -> Oms_V1_Routing {
        var routing = Oms_V1_Routing()
        routing.routingID = id
        routing.plantID = plant
        routing.itemID = item
        routing.isDefault = isDefault
        routing.operations = operations.map { sequence, workCenterID in
            var operation = Oms_V1_RoutingOperation()
            operation.sequence = sequence
            operation.workCenterID = workCenterID
            operation.setupSeconds = 600
            operation.runSecondsPerUnit = "30"
            return operation
        }
        return routing
    }

    static func customer(_ id: String, priority: UInt32 = 0) -> Oms_V1_Customer {
        var customer = Oms_V1_Customer()
        customer.customerID = id
        customer.priority = priority
        return customer
    }
}

/// Upsert commands from records.
extension CatalogCommand {
    static func upsert(_ plant: Oms_V1_Plant, expected: UInt64 = 0) -> CatalogCommand {
        .upsertPlant(.with { $0.plant = plant; $0.expectedVersion = expected })
    }

    static func upsert(_ item: Oms_V1_Item, expected: UInt64 = 0) -> CatalogCommand {
        .upsertItem(.with { $0.item = item; $0.expectedVersion = expected })
    }

    static func upsert(_ bom: Oms_V1_BillOfMaterials, expected: UInt64 = 0) -> CatalogCommand {
        .upsertBillOfMaterials(.with { $0.billOfMaterials = bom; $0.expectedVersion = expected })
    }

    static func upsert(_ routing: Oms_V1_Routing, expected: UInt64 = 0) -> CatalogCommand {
        .upsertRouting(.with { $0.routing = routing; $0.expectedVersion = expected })
    }

    static func upsert(_ workCenter: Oms_V1_WorkCenter, expected: UInt64 = 0) -> CatalogCommand {
        .upsertWorkCenter(.with { $0.workCenter = workCenter; $0.expectedVersion = expected })
    }

    static func upsert(_ calendar: Oms_V1_Calendar, expected: UInt64 = 0) -> CatalogCommand {
        .upsertCalendar(.with { $0.calendar = calendar; $0.expectedVersion = expected })
    }

    static func upsert(_ customer: Oms_V1_Customer, expected: UInt64 = 0) -> CatalogCommand {
        .upsertCustomer(.with { $0.customer = customer; $0.expectedVersion = expected })
    }
}
