import OMSCore
import OMSProto
import Testing

@Suite struct CatalogValidationTests {
    static let cases = InvalidUpsert.plants + InvalidUpsert.items + InvalidUpsert.billsOfMaterials
        + InvalidUpsert.routings + InvalidUpsert.workCenters + InvalidUpsert.calendars + InvalidUpsert.customers

    @Test(arguments: cases)
    func aBrokenRuleIsInvalidArgumentNamingTheFieldAndChangesNothing(_ invalid: InvalidUpsert) throws {
        var h = try CatalogHarness.seeded()
        let error = h.refusal(invalid.command)
        #expect(error?.code == .invalidArgument, "\(invalid): \(String(describing: error))")
        #expect(error?.field == invalid.field, "\(invalid): \(String(describing: error))")
        #expect(error?.statusDetails.first?.fieldViolation.field == invalid.field)
    }

    @Test func theValidFixturesAreAccepted() throws {
        var h = try CatalogHarness.seeded()
        try h.run(.upsert(CatalogFixture.plant("P3")))
        try h.run(.upsert(CatalogFixture.item("E")))
        try h.run(.upsert(CatalogFixture.bom("BOM-D", item: "D", components: [("B", "1"), ("C", "0.25")])))
        try h.run(.upsert(CatalogFixture.routing("R-D", item: "D", operations: [(10, "WC1"), (20, "WC2"), (30, "WC1")])))
        try h.run(.upsert(CatalogFixture.workCenter("WC3", plant: "P1", calendar: "CAL1")))
        try h.run(.upsert(CatalogFixture.calendar("CAL3", plant: "P1")))
        try h.run(.upsert(CatalogFixture.customer("CU2", priority: 100)))
        #expect(h.catalog.item(id: "E")?.version == 1)
        #expect(h.catalog.routing(id: "R-D")?.operations.count == 3)
    }

    @Test func edgeValuesThatAreAllowed() throws {
        var h = try CatalogHarness.seeded()
        // A night shift from Sunday into Monday that ends when Monday's first shift starts.
        var calendar = CatalogFixture.calendar("CAL3", plant: "P1")
        calendar.shifts.append(CatalogFixture.shift(7, 22 * 60, 480))
        // A full-day exception shift and an overtime Saturday.
        calendar.exceptions.append(.with { $0.date = "2028-02-29"; $0.shifts = [CatalogFixture.shift(0, 0, 1440)] })
        try h.run(.upsert(calendar))
        // Lot sizes with the item's three decimals; free setup transitions from any family.
        var item = CatalogFixture.item("E", unit: "KG", scale: 3)
        item.minLotSize = "0.125"
        item.maxLotSize = "0.125"
        item.lotMultiple = "0.001"
        try h.run(.upsert(item))
        var workCenter = CatalogFixture.workCenter("WC3", plant: "P1")
        workCenter.efficiency = "0.85"
        workCenter.setupTransitions = [.with { $0.toFamily = "blue"; $0.setupSeconds = 0 }]
        try h.run(.upsert(workCenter))
        // Zero run time and zero scrap; a component unit given explicitly.
        var bom = CatalogFixture.bom("BOM-D", item: "D", components: [("C", "0.001")])
        bom.components[0].unit = "KG"
        bom.components[0].scrapFactor = "0"
        try h.run(.upsert(bom))
        var routing = CatalogFixture.routing("R-D", item: "D", operations: [(5, "WC3")])
        routing.operations[0].runSecondsPerUnit = "0"
        routing.operations[0].alternates = [.with { $0.workCenterID = "WC1" }]
        try h.run(.upsert(routing))
        #expect(h.catalog.calendar(id: "CAL3")?.shifts.count == 11)
        #expect(h.catalog.billOfMaterials(id: "BOM-D")?.components.first?.quantity == "0.001")
    }
}
