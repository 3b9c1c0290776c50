import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

@Suite struct CatalogVersioningTests {
    @Test func createIsVersionOneAndEachChangeBumpsTheVersion() throws {
        var h = CatalogHarness()
        let (created, reply) = try h.runWithEvents(.upsert(CatalogFixture.plant("P1")))
        #expect(created.count == 1)
        #expect(reply.version == 1)
        let plant = try #require(h.catalog.plant(id: "P1"))
        #expect(plant.updatedAt == Google_Protobuf_Timestamp(date: h.now))
        #expect(created.first?.principal == "erp")
        #expect(created.first?.at == plant.updatedAt)

        h.now.addTimeInterval(60)
        var renamed = CatalogFixture.plant("P1")
        renamed.name = "Main plant"
        #expect(try h.run(.upsert(renamed)).version == 2)
        #expect(h.catalog.plant(id: "P1")?.name == "Main plant")
        #expect(h.catalog.plant(id: "P1")?.updatedAt == Google_Protobuf_Timestamp(date: h.now))
        // The first version stays readable as it was.
        #expect(h.catalog.plant(id: "P1", version: 1)?.name == "Plant P1")
    }

    @Test func anIdenticalUpsertIsANoOpReturningTheStoredRecord() throws {
        var h = try CatalogHarness.seeded()
        let stored = try #require(h.catalog.billOfMaterials(id: "BOM-A"))
        h.now.addTimeInterval(3_600)
        // Server fields in the request are ignored; numbers compare as numbers.
        var same = CatalogFixture.bom("BOM-A", item: "A", components: [("B", "2.000"), ("C", "0.50")], isDefault: true)
        same.version = 41
        same.updatedAt = Google_Protobuf_Timestamp(date: h.now)
        let (events, reply) = try h.runWithEvents(.upsert(same))
        #expect(events.isEmpty)
        #expect(reply == .upsertBillOfMaterials(.with { $0.billOfMaterials = stored }))
        #expect(h.catalog.billOfMaterials(id: "BOM-A") == stored)
    }

    @Test func decimalsAreStoredCanonically() throws {
        var h = try CatalogHarness.seeded()
        var bom = CatalogFixture.bom("BOM-D", item: "D", components: [("C", "0.250")])
        bom.baseQuantity = "10.0"
        bom.components[0].scrapFactor = "0.020"
        try h.run(.upsert(bom))
        let stored = try #require(h.catalog.billOfMaterials(id: "BOM-D"))
        #expect(stored.baseQuantity == "10")
        #expect(stored.components[0].quantity == "0.25")
        #expect(stored.components[0].scrapFactor == "0.02")
    }

    @Test func aStaleExpectedVersionIsAbortedAndChangesNothing() throws {
        var h = try CatalogHarness.seeded()
        var item = CatalogFixture.item("B")
        item.name = "bolt"
        try h.run(.upsert(item, expected: 1))
        #expect(h.catalog.item(id: "B")?.version == 2)

        item.name = "bolt M8"
        let stale = h.refusal(.upsert(item, expected: 1))
        #expect(stale?.code == .aborted)
        #expect(stale?.message.contains("VERSION_CONFLICT") == true)
        #expect(stale?.currentState == "version 2")
        // Even an identical upsert is refused when the client's view is stale.
        #expect(h.refusal(.upsert(CatalogFixture.item("B"), expected: 1))?.code == .aborted)
        // A record that does not exist yet is at version 0.
        #expect(h.refusal(.upsert(CatalogFixture.item("NEW"), expected: 3))?.currentState == "version 0")

        try h.run(.upsert(item, expected: 2))
        #expect(h.catalog.item(id: "B")?.name == "bolt M8")
        #expect(h.catalog.item(id: "B")?.version == 3)
    }

    @Test func getReadsTheCurrentOrAPastVersion() throws {
        var h = try CatalogHarness.seeded()
        try h.run(.upsert(CatalogFixture.routing("R-A", item: "A", operations: [(10, "WC1")], isDefault: true)))
        let current = try h.catalog.getRouting(.with { $0.routingID = "R-A" }).routing
        #expect(current.version == 2)
        #expect(current.operations.count == 1)
        // A production order pinned to version 1 still finds both operations.
        let pinned = try h.catalog.getRouting(.with { $0.routingID = "R-A"; $0.version = 1 }).routing
        #expect(pinned.operations.map(\.sequence) == [10, 20])
        #expect(try h.catalog.getRouting(.with { $0.routingID = "R-A"; $0.version = 2 }).routing == current)

        let noSuchVersion = DomainError(
            .notFound, "routing \"R-A\" has no version 3 (current: 2)", field: "version", subject: "routing R-A")
        #expect(throws: noSuchVersion) {
            try h.catalog.getRouting(.with { $0.routingID = "R-A"; $0.version = 3 })
        }
        do {
            _ = try h.catalog.getItem(.with { $0.itemID = "nope" })
            Issue.record("an unknown item was found")
        } catch {
            #expect(error.code == .notFound && error.field == "item_id")
        }
        do {
            _ = try h.catalog.getCustomer(.init())
            Issue.record("an empty id was accepted")
        } catch {
            #expect(error.code == .invalidArgument && error.field == "customer_id")
        }
        #expect(try h.catalog.getPlant(.with { $0.plantID = "P1" }).plant.defaultCalendarID == "CAL1")
        #expect(try h.catalog.getPlant(.with { $0.plantID = "P1"; $0.version = 1 }).plant.defaultCalendarID == "")
        #expect(try h.catalog.getWorkCenter(.with { $0.workCenterID = "WC9" }).workCenter.plantID == "P2")
        #expect(try h.catalog.getCalendar(.with { $0.calendarID = "CAL2" }).calendar.shifts.count == 10)
        #expect(try h.catalog.getBillOfMaterials(.with { $0.bomID = "BOM-A" }).billOfMaterials.components.count == 2)
    }

    @Test func aNewDefaultTakesTheFlagFromThePreviousOne() throws {
        var h = try CatalogHarness.seeded()
        let (events, reply) = try h.runWithEvents(
            .upsert(CatalogFixture.bom("BOM-A2", item: "A", components: [("B", "3")], isDefault: true)))
        #expect(reply.version == 1)
        // The previous default gets a version of its own, journaled first.
        #expect(events.count == 2)
        let previous = try #require(h.catalog.billOfMaterials(id: "BOM-A"))
        #expect(!previous.isDefault && previous.version == 2)
        #expect(h.catalog.billOfMaterials(id: "BOM-A", version: 1)?.isDefault == true)
        #expect(h.catalog.defaultBillOfMaterials(plantID: "P1", itemID: "A")?.bomID == "BOM-A2")

        // Routings follow the same rule; another plant's default is untouched.
        try h.run(.upsert(CatalogFixture.routing("R-A9", plant: "P2", item: "A", operations: [(10, "WC9")], isDefault: true)))
        try h.run(.upsert(CatalogFixture.routing("R-A2", item: "A", operations: [(10, "WC2")], isDefault: true)))
        #expect(h.catalog.routing(id: "R-A")?.isDefault == false)
        #expect(h.catalog.defaultRouting(plantID: "P1", itemID: "A")?.routingID == "R-A2")
        #expect(h.catalog.defaultRouting(plantID: "P2", itemID: "A")?.routingID == "R-A9")

        // Re-sending the new default changes nothing.
        let newDefault = CatalogFixture.bom("BOM-A2", item: "A", components: [("B", "3")], isDefault: true)
        let (again, _) = try h.runWithEvents(.upsert(newDefault))
        #expect(again.isEmpty)
    }

    @Test func retiringKeepsTheRecordReadable() throws {
        var h = try CatalogHarness.seeded()
        var customer = CatalogFixture.customer("CU1")
        customer.retired = true
        #expect(try h.run(.upsert(customer)).version == 2)
        #expect(h.catalog.customer(id: "CU1")?.retired == true)
        #expect(try h.catalog.listCustomers(.init()).customers.isEmpty)
        #expect(try h.catalog.listCustomers(.with { $0.includeRetired = true }).customers.map(\.customerID) == ["CU1"])
        // A retired work center may still be named by master data.
        var workCenter = CatalogFixture.workCenter("WC2", plant: "P1")
        workCenter.retired = true
        try h.run(.upsert(workCenter))
        try h.run(.upsert(CatalogFixture.routing("R-D", item: "D", operations: [(10, "WC2")])))
    }
}
