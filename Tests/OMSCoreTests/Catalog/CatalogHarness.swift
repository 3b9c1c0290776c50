import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// The catalog shard in miniature: decides, "journals" (serialises) and applies.
struct CatalogHarness {
    var catalog = Catalog()
    var journal: [[UInt8]] = []
    var now = Date(timeIntervalSince1970: 1_800_000_000)

    func context(_ principal: String = "erp") -> CommandContext {
        CommandContext(now: now, principal: principal, plantID: "catalog")
    }

    /// Decides and applies; returns the reply.
    @discardableResult
    mutating func run(_ command: CatalogCommand) throws(DomainError) -> CatalogReply {
        try runWithEvents(command).reply
    }

    mutating func runWithEvents(
        _ command: CatalogCommand
    ) throws(DomainError) -> (events: [Oms_Journal_V1_CatalogEvent], reply: CatalogReply) {
        let (events, reply) = try catalog.decide(command, context: context())
        for event in events {
            // Through the wire format, as the journal stores it.
            journal.append((try? event.serializedBytes()) ?? [])
            catalog.apply(event)
        }
        return (events, reply)
    }

    /// Runs a command that must be refused; checks that nothing changed.
    mutating func refusal(_ command: CatalogCommand) -> DomainError? {
        let before = catalog
        let journalCount = journal.count
        do throws(DomainError) {
            try run(command)
            return nil
        } catch {
            #expect(catalog == before && journal.count == journalCount, "a refused command changed the catalog")
            return error
        }
    }

    /// A fresh catalog rebuilt from the serialised journal.
    func replayed() throws -> Catalog {
        var fresh = Catalog()
        for bytes in journal {
            fresh.apply(try Oms_Journal_V1_CatalogEvent(serializedBytes: bytes))
        }
        return fresh
    }

    /// The catalog restored from its snapshot's bytes.
    func restoredFromSnapshot() throws -> Catalog {
        let bytes: [UInt8] = try catalog.snapshot().serializedBytes()
        return Catalog(snapshot: try Oms_Journal_V1_CatalogSnapshot(serializedBytes: bytes))
    }

    /// Master data of two plants, loaded in the documented order:
    /// P1 (calendar CAL1, work centers WC1, WC2), P2 (CAL2, WC9);
    /// items A (make, EA), B (buy, EA), C (buy, KG, 3 decimals), D (make, EA);
    /// BOM-A (P1: A from 2 B and 0.5 C, default); R-A (P1: A on WC1 then WC2,
    /// default); customer CU1.
    static func seeded() throws -> CatalogHarness {
        var h = CatalogHarness()
        try h.run(.upsert(CatalogFixture.plant("P1")))
        try h.run(.upsert(CatalogFixture.plant("P2")))
        try h.run(.upsert(CatalogFixture.calendar("CAL1", plant: "P1")))
        try h.run(.upsert(CatalogFixture.calendar("CAL2", plant: "P2")))
        try h.run(.upsert(CatalogFixture.plant("P1", defaultCalendar: "CAL1")))
        try h.run(.upsert(CatalogFixture.workCenter("WC1", plant: "P1", calendar: "CAL1")))
        try h.run(.upsert(CatalogFixture.workCenter("WC2", plant: "P1")))
        try h.run(.upsert(CatalogFixture.workCenter("WC9", plant: "P2", calendar: "CAL2")))
        try h.run(.upsert(CatalogFixture.item("A", sourcing: .make)))
        try h.run(.upsert(CatalogFixture.item("B")))
        try h.run(.upsert(CatalogFixture.item("C", unit: "KG", scale: 3)))
        try h.run(.upsert(CatalogFixture.item("D", sourcing: .make)))
        try h.run(.upsert(CatalogFixture.bom("BOM-A", item: "A", components: [("B", "2"), ("C", "0.5")], isDefault: true)))
        try h.run(.upsert(CatalogFixture.routing("R-A", item: "A", operations: [(10, "WC1"), (20, "WC2")], isDefault: true)))
        try h.run(.upsert(CatalogFixture.customer("CU1")))
        return h
    }
}

extension CatalogReply {
    /// The version of the record the reply carries.
    var version: UInt64 {
        switch self {
        case .upsertPlant(let response): response.plant.version
        case .upsertItem(let response): response.item.version
        case .upsertBillOfMaterials(let response): response.billOfMaterials.version
        case .upsertRouting(let response): response.routing.version
        case .upsertWorkCenter(let response): response.workCenter.version
        case .upsertCalendar(let response): response.calendar.version
        case .upsertCustomer(let response): response.customer.version
        }
    }
}
