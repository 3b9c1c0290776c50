import OMSCore
import OMSProto

/// Random upserts over small pools of ids, so records are created, changed,
/// repeated and refused (unknown references, bad values, stale versions,
/// cycles) in every mix.
struct CatalogRandomUpserts {
    static let plants = ["P1", "P2"]
    static let calendars = ["CAL1", "CAL2", "CAL3"]
    static let workCenters = ["WC1", "WC2", "WC3", "WC4"]
    static let items = ["A", "B", "C", "D", "E", "F"]
    static let boms = ["BOM1", "BOM2", "BOM3", "BOM4", "BOM5", "BOM6"]
    static let routings = ["R1", "R2", "R3", "R4", "R5"]
    static let customers = ["CU1", "CU2"]

    var rng: SeededGenerator

    /// Plant-scoped ids mostly stay in their plant (odd position: P1, even:
    /// P2); now and then one names the other plant, which must be refused
    /// once the record exists.
    mutating func plant(of id: String, in pool: [String]) -> String {
        let position = pool.firstIndex(of: id) ?? 0
        return chance(5) ? pick(Self.plants) : Self.plants[position % 2]
    }

    /// Ids of `pool` that `plant(of:in:)` puts in `plantID`, mostly.
    mutating func pickInPlant(_ pool: [String], _ plantID: String) -> String {
        let home = pool.indices.filter { Self.plants[$0 % 2] == plantID }.map { pool[$0] }
        return chance(90) && !home.isEmpty ? pick(home) : pick(pool)
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[Int.random(in: 0..<values.count, using: &rng)]
    }

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &rng) < percent
    }

    /// Mostly valid decimals, sometimes zero, negative or not a number.
    mutating func decimal(allowEmpty: Bool = false) -> String {
        if chance(4) { return pick(["0", "-1", "abc", "1.0000001"]) }
        if allowEmpty && chance(30) { return "" }
        return pick(["1", "2", "0.5", "0.25", "1.50", "12"])
    }

    /// 0 most of the time, otherwise the stored version or a stale one.
    mutating func expectedVersion(current: UInt64) -> UInt64 {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<7: 0
        case 7, 8: current
        default: UInt64.random(in: 1...4, using: &rng)
        }
    }

    mutating func command(_ catalog: Catalog) -> CatalogCommand {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<6: plant(catalog)
        case 6..<14: calendar(catalog)
        case 14..<24: workCenter(catalog)
        case 24..<38: item(catalog)
        case 38..<68: bom(catalog)
        case 68..<92: routing(catalog)
        default: customer(catalog)
        }
    }

    mutating func plant(_ catalog: Catalog) -> CatalogCommand {
        var plant = CatalogFixture.plant(pick(Self.plants))
        plant.timeZone = chance(5) ? "Nowhere/Land" : pick(["Europe/Berlin", "UTC"])
        if chance(40) { plant.defaultCalendarID = pickInPlant(Self.calendars, plant.plantID) }
        if chance(20) { plant.name = "renamed" }
        let current = catalog.plant(id: plant.plantID)?.version ?? 0
        return .upsert(plant, expected: expectedVersion(current: current))
    }

    mutating func calendar(_ catalog: Catalog) -> CatalogCommand {
        let id = pick(Self.calendars)
        var calendar = CatalogFixture.calendar(id, plant: plant(of: id, in: Self.calendars))
        if chance(30) { calendar.shifts.append(CatalogFixture.shift(6, 360, 240)) }
        if chance(8) { calendar.shifts.append(CatalogFixture.shift(1, 400, 60)) }  // overlaps Monday's early shift
        if chance(5) { calendar.exceptions[0].date = "2026-02-30" }
        let current = catalog.calendar(id: calendar.calendarID)?.version ?? 0
        return .upsert(calendar, expected: expectedVersion(current: current))
    }

    mutating func workCenter(_ catalog: Catalog) -> CatalogCommand {
        let id = pick(Self.workCenters)
        var workCenter = CatalogFixture.workCenter(id, plant: plant(of: id, in: Self.workCenters))
        if chance(50) { workCenter.calendarID = pickInPlant(Self.calendars, workCenter.plantID) }
        workCenter.parallelCapacity = chance(5) ? 0 : UInt32.random(in: 1...3, using: &rng)
        workCenter.efficiency = decimal(allowEmpty: true)
        let current = catalog.workCenter(id: workCenter.workCenterID)?.version ?? 0
        return .upsert(workCenter, expected: expectedVersion(current: current))
    }

    mutating func item(_ catalog: Catalog) -> CatalogCommand {
        let id = pick(Self.items)
        let unit = chance(95) ? (id < "D" ? "EA" : "KG") : "G"
        var item = CatalogFixture.item(id, unit: unit, scale: UInt32.random(in: 0...3, using: &rng))
        item.sourcing = pick([.make, .buy])
        item.productType = pick(["pump", "valve"])
        item.minLotSize = decimal(allowEmpty: true)
        if chance(10) { item.retired = true }
        let current = catalog.item(id: id)?.version ?? 0
        return .upsert(item, expected: expectedVersion(current: current))
    }

    mutating func bom(_ catalog: Catalog) -> CatalogCommand {
        let components = (0..<Int.random(in: 1...3, using: &rng)).map { _ in (pick(Self.items), decimal()) }
        let id = pick(Self.boms)
        var bom = CatalogFixture.bom(id, plant: plant(of: id, in: Self.boms), item: pick(Self.items), components: components)
        for index in bom.components.indices where chance(15) {
            let unit = catalog.item(id: bom.components[index].itemID)?.unit ?? "EA"
            bom.components[index].unit = chance(80) ? unit : "G"
        }
        bom.baseQuantity = decimal(allowEmpty: true)
        bom.isDefault = chance(40)
        bom.retired = chance(10)
        let current = catalog.billOfMaterials(id: bom.bomID)?.version ?? 0
        return .upsert(bom, expected: expectedVersion(current: current))
    }

    mutating func routing(_ catalog: Catalog) -> CatalogCommand {
        let id = pick(Self.routings)
        let plantID = plant(of: id, in: Self.routings)
        let operations = (0..<Int.random(in: 1...3, using: &rng)).map { index in
            (chance(5) ? 10 : UInt32(10 * (index + 1)), pickInPlant(Self.workCenters, plantID))
        }
        var routing = CatalogFixture.routing(id, plant: plantID, item: pick(Self.items), operations: operations)
        for index in routing.operations.indices where chance(25) {
            let alternate = pickInPlant(Self.workCenters, plantID)
            routing.operations[index].alternates = [.with { $0.workCenterID = alternate }]
        }
        routing.operations[0].runSecondsPerUnit = decimal(allowEmpty: true)
        routing.isDefault = chance(40)
        routing.retired = chance(10)
        let current = catalog.routing(id: routing.routingID)?.version ?? 0
        return .upsert(routing, expected: expectedVersion(current: current))
    }

    mutating func customer(_ catalog: Catalog) -> CatalogCommand {
        var customer = CatalogFixture.customer(pick(Self.customers), priority: pick([0, 1, 50, 100, 101]))
        customer.retired = chance(10)
        let current = catalog.customer(id: customer.customerID)?.version ?? 0
        return .upsert(customer, expected: expectedVersion(current: current))
    }
}

extension CatalogCommand {
    /// The same upsert without an expected version (an unconditional retry).
    var unconditional: CatalogCommand {
        switch self {
        case .upsertPlant(var request): request.expectedVersion = 0; return .upsertPlant(request)
        case .upsertItem(var request): request.expectedVersion = 0; return .upsertItem(request)
        case .upsertBillOfMaterials(var request): request.expectedVersion = 0; return .upsertBillOfMaterials(request)
        case .upsertRouting(var request): request.expectedVersion = 0; return .upsertRouting(request)
        case .upsertWorkCenter(var request): request.expectedVersion = 0; return .upsertWorkCenter(request)
        case .upsertCalendar(var request): request.expectedVersion = 0; return .upsertCalendar(request)
        case .upsertCustomer(var request): request.expectedVersion = 0; return .upsertCustomer(request)
        }
    }

    var kind: String {
        switch self {
        case .upsertPlant: "plant"
        case .upsertItem: "item"
        case .upsertBillOfMaterials: "bom"
        case .upsertRouting: "routing"
        case .upsertWorkCenter: "work center"
        case .upsertCalendar: "calendar"
        case .upsertCustomer: "customer"
        }
    }
}
