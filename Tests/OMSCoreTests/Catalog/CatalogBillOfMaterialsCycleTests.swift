import OMSCore
import OMSProto
import Testing

@Suite struct CatalogBillOfMaterialsCycleTests {
    @Test func aNeedsBNeedsAIsRefusedNamingThePath() throws {
        var h = try CatalogHarness.seeded()
        // BOM-A: A needs B (and C).
        let error = h.refusal(.upsert(CatalogFixture.bom("BOM-B", item: "B", components: [("D", "1"), ("A", "1")])))
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "bill_of_materials.components[1].item_id")
        #expect(error?.message.contains("B -> A -> B") == true, "\(String(describing: error))")
    }

    @Test func aLongerCycleIsFoundThroughEveryBOMOfThePlant() throws {
        var h = try CatalogHarness.seeded()
        try h.run(.upsert(CatalogFixture.bom("BOM-C", item: "C", components: [("D", "1")])))
        // A needs C needs D; D needing A closes the loop.
        let error = h.refusal(.upsert(CatalogFixture.bom("BOM-D", item: "D", components: [("A", "1")])))
        #expect(error?.field == "bill_of_materials.components[0].item_id")
        #expect(error?.message.contains("D -> A -> C -> D") == true, "\(String(describing: error))")
        // An alternative BOM of C counts as well.
        try h.run(.upsert(CatalogFixture.bom("BOM-C2", item: "C", components: [("B", "1")])))
        #expect(h.refusal(.upsert(CatalogFixture.bom("BOM-B", item: "B", components: [("A", "1")])))?.field
            == "bill_of_materials.components[0].item_id")
    }

    @Test func sharedComponentsAreNoCycle() throws {
        var h = try CatalogHarness.seeded()
        // A needs B and C; D needs A, B and C: a diamond, not a loop.
        try h.run(.upsert(CatalogFixture.bom("BOM-D", item: "D", components: [("A", "1"), ("B", "1"), ("C", "1")])))
        try h.run(.upsert(CatalogFixture.bom("BOM-B", item: "B", components: [("C", "1")])))
        #expect(h.catalog.billOfMaterials(id: "BOM-B")?.version == 1)
    }

    @Test func cyclesArePerPlant() throws {
        var h = try CatalogHarness.seeded()
        // In P2, B made from A is fine: A is made from B only in P1.
        try h.run(.upsert(CatalogFixture.bom("BOM-B2", plant: "P2", item: "B", components: [("A", "1")])))
        #expect(h.catalog.billOfMaterials(id: "BOM-B2")?.plantID == "P2")
    }

    @Test func retiredBOMsDoNotCountUntilTheyComeBack() throws {
        var h = try CatalogHarness.seeded()
        var retired = CatalogFixture.bom("BOM-A", item: "A", components: [("B", "2"), ("C", "0.5")])
        retired.retired = true
        try h.run(.upsert(retired))
        try h.run(.upsert(CatalogFixture.bom("BOM-B", item: "B", components: [("A", "1")])))
        // Bringing BOM-A back would close A -> B -> A.
        let error = h.refusal(.upsert(CatalogFixture.bom("BOM-A", item: "A", components: [("B", "2"), ("C", "0.5")])))
        #expect(error?.field == "bill_of_materials.components[0].item_id")
        #expect(error?.message.contains("A -> B -> A") == true)
    }

    @Test func changingTheBOMThatFormedThePathIsCheckedAgainstItsNewContent() throws {
        var h = try CatalogHarness.seeded()
        // BOM-A no longer needs B, so B may now need A.
        try h.run(.upsert(CatalogFixture.bom("BOM-A", item: "A", components: [("C", "1")], isDefault: true)))
        try h.run(.upsert(CatalogFixture.bom("BOM-B", item: "B", components: [("A", "1")])))
        // And BOM-A may not take B back.
        let takesBBack = CatalogFixture.bom("BOM-A", item: "A", components: [("C", "1"), ("B", "1")], isDefault: true)
        #expect(h.refusal(.upsert(takesBBack))?.field == "bill_of_materials.components[1].item_id")
    }
}
