import OMSCore
import OMSProto
import Testing

/// References must exist when a record is written: plants, calendars, work
/// centers (then a plant's default calendar), items, BOMs, routings;
/// customers at any time.
@Suite struct CatalogReferenceOrderTests {
    @Test func eachRecordBeforeWhatItNamesIsRefused() {
        var h = CatalogHarness()
        #expect(h.refusal(.upsert(CatalogFixture.calendar("CAL1", plant: "P1")))?.field == "calendar.plant_id")
        #expect(h.refusal(.upsert(CatalogFixture.workCenter("WC1", plant: "P1")))?.field == "work_center.plant_id")
        #expect(h.refusal(.upsert(CatalogFixture.plant("P1", defaultCalendar: "CAL1")))?.field == "plant.default_calendar_id")
        #expect(h.refusal(.upsert(CatalogFixture.bom("BOM-A", item: "A", components: [("B", "1")])))?.field
            == "bill_of_materials.plant_id")
        #expect(h.refusal(.upsert(CatalogFixture.routing("R-A", item: "A", operations: [(10, "WC1")])))?.field == "routing.plant_id")
        #expect(h.catalog == Catalog())
    }

    @Test func theDocumentedOrderLoadsEverything() throws {
        var h = CatalogHarness()
        try h.run(.upsert(CatalogFixture.customer("CU1")))
        try h.run(.upsert(CatalogFixture.plant("P1")))
        #expect(h.refusal(.upsert(CatalogFixture.workCenter("WC1", plant: "P1", calendar: "CAL1")))?.field == "work_center.calendar_id")
        try h.run(.upsert(CatalogFixture.calendar("CAL1", plant: "P1")))
        #expect(h.refusal(.upsert(CatalogFixture.routing("R-A", item: "A", operations: [(10, "WC1")])))?.field == "routing.item_id")
        try h.run(.upsert(CatalogFixture.workCenter("WC1", plant: "P1", calendar: "CAL1")))
        try h.run(.upsert(CatalogFixture.plant("P1", defaultCalendar: "CAL1")))
        try h.run(.upsert(CatalogFixture.item("A", sourcing: .make)))
        #expect(h.refusal(.upsert(CatalogFixture.bom("BOM-A", item: "A", components: [("B", "1")])))?.field
            == "bill_of_materials.components[0].item_id")
        try h.run(.upsert(CatalogFixture.item("B")))
        try h.run(.upsert(CatalogFixture.bom("BOM-A", item: "A", components: [("B", "1")], isDefault: true)))
        try h.run(.upsert(CatalogFixture.routing("R-A", item: "A", operations: [(10, "WC1")], isDefault: true)))
        #expect(h.catalog.defaultRouting(plantID: "P1", itemID: "A")?.operations.first?.workCenterID == "WC1")
        #expect(h.catalog.plant(id: "P1")?.version == 2)
    }
}
