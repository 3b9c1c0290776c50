import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

@Suite struct CatalogReplayTests {
    /// The seeded catalog plus changes that produce more than one event or
    /// none: a default handover, a retirement, an identical upsert.
    static func changed() throws -> CatalogHarness {
        var h = try CatalogHarness.seeded()
        h.now.addTimeInterval(120)
        try h.run(.upsert(CatalogFixture.bom("BOM-A2", item: "A", components: [("B", "1")], isDefault: true)))
        var customer = CatalogFixture.customer("CU1", priority: 80)
        customer.retired = true
        try h.run(.upsert(customer))
        try h.run(.upsert(CatalogFixture.item("B")))
        return h
    }

    @Test func replayingTheJournalOntoAnEmptyCatalogGivesTheSameCatalog() throws {
        let h = try Self.changed()
        #expect(h.journal.count == 18)
        #expect(try h.replayed() == h.catalog)
    }

    @Test func aSnapshotRoundTripsThroughItsBytes() throws {
        let h = try Self.changed()
        let restored = try h.restoredFromSnapshot()
        #expect(restored == h.catalog)
        #expect(restored.billOfMaterials(id: "BOM-A", version: 1)?.isDefault == true)
        #expect(Catalog(snapshot: Catalog().snapshot()) == Catalog())
    }

    @Test func aSnapshotPlusTheJournalAfterItEqualsTheFullReplay() throws {
        var h = try CatalogHarness.seeded()
        var recovered = try h.restoredFromSnapshot()
        let mark = h.journal.count
        try h.run(.upsert(CatalogFixture.routing("R-A2", item: "A", operations: [(10, "WC2")], isDefault: true)))
        try h.run(.upsert(CatalogFixture.workCenter("WC3", plant: "P1")))
        for bytes in h.journal[mark...] {
            recovered.apply(try Oms_Journal_V1_CatalogEvent(serializedBytes: bytes))
        }
        #expect(recovered == h.catalog)
    }

    @Test func applyIgnoresWhatDecideNeverProduces() throws {
        var h = try CatalogHarness.seeded()
        let before = h.catalog
        // A version that skips one, a repeated version, an event without a body.
        var skipping = Oms_Journal_V1_CatalogEvent()
        skipping.event = .itemUpserted(.with { $0.item = CatalogFixture.item("A"); $0.item.version = 5 })
        var repeated = Oms_Journal_V1_CatalogEvent()
        repeated.event = .itemUpserted(.with { $0.item = CatalogFixture.item("A"); $0.item.version = 1 })
        for event in [skipping, repeated, Oms_Journal_V1_CatalogEvent()] { h.catalog.apply(event) }
        #expect(h.catalog == before)
    }
}
