import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

@Suite struct CatalogPropertyTests {
    struct Stats {
        var changed: [String: Int] = [:]
        var unchanged = 0
        var refused: [DomainError.Code: Int] = [:]
        var cycles = 0
    }

    @Test(arguments: [UInt64(1), 2, 20_261_126])
    func randomUpsertsKeepTheCatalogConsistentAndReplayable(seed: UInt64) async throws {
        var upserts = CatalogRandomUpserts(rng: SeededGenerator(state: seed))
        var h = CatalogHarness()
        var stats = Stats()

        for step in 0..<1_200 {
            // Long and CPU-bound: let the other suites' tasks run (the pool has one thread per core).
            if step % 50 == 0 { await Task.yield() }
            h.now.addTimeInterval(1)
            let command = upserts.command(h.catalog)
            let before = h.catalog
            let outcome: Result<(events: [Oms_Journal_V1_CatalogEvent], reply: CatalogReply), DomainError>
            do throws(DomainError) {
                outcome = .success(try h.runWithEvents(command))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let (events, reply)):
                // The reply shows what the catalog holds after the events.
                try #require(replyIsStored(reply, in: h.catalog), "step \(step): reply differs from the catalog")
                let previous = previousVersion(of: reply, in: before)
                if events.isEmpty {
                    stats.unchanged += 1
                    try #require(reply.version == previous, "step \(step): a no-op changed the version")
                    try #require(h.catalog == before, "step \(step): a no-op changed the catalog")
                } else {
                    stats.changed[command.kind, default: 0] += 1
                    try #require(reply.version == previous + 1, "step \(step): version \(previous) -> \(reply.version)")
                }
                // The same upsert again, unconditionally, changes nothing.
                let (again, _) = try h.catalog.decide(command.unconditional, context: h.context())
                try #require(again.isEmpty, "step \(step): a repeated upsert produced events")
            case .failure(let error):
                stats.refused[error.code, default: 0] += 1
                if error.message.contains("cycle") { stats.cycles += 1 }
                try #require(h.catalog == before, "step \(step): a refused upsert changed the catalog")
                try #require([.invalidArgument, .aborted].contains(error.code), "step \(step): \(error)")
                try #require(error.code == .aborted || error.field != nil, "step \(step): no field in \(error)")
            }

            if step % 100 == 99 {
                try CatalogInvariants(catalog: h.catalog, step: step).checkAll(pageSize: UInt32(step % 7 + 1))
                #expect(try h.replayed() == h.catalog, "replay differs at step \(step)")
                #expect(try h.restoredFromSnapshot() == h.catalog, "snapshot round trip differs at step \(step)")
            }
        }

        // The run went through every path: changes of every kind, no-ops and both refusals.
        for kind in ["plant", "item", "bom", "routing", "work center", "calendar", "customer"] {
            #expect((stats.changed[kind] ?? 0) >= 5, "too few \(kind) changes: \(stats.changed)")
        }
        #expect(stats.unchanged >= 20, "\(stats.unchanged) no-ops")
        #expect((stats.refused[.invalidArgument] ?? 0) >= 100, "\(stats.refused)")
        #expect((stats.refused[.aborted] ?? 0) >= 20, "\(stats.refused)")
        #expect(stats.cycles >= 5, "\(stats.cycles) cycles refused")
        #expect(!h.catalog.snapshot().billsOfMaterials.isEmpty && !h.catalog.snapshot().routings.isEmpty)
    }

    func replyIsStored(_ reply: CatalogReply, in catalog: Catalog) -> Bool {
        switch reply {
        case .upsertPlant(let r): catalog.plant(id: r.plant.plantID) == r.plant
        case .upsertItem(let r): catalog.item(id: r.item.itemID) == r.item
        case .upsertBillOfMaterials(let r): catalog.billOfMaterials(id: r.billOfMaterials.bomID) == r.billOfMaterials
        case .upsertRouting(let r): catalog.routing(id: r.routing.routingID) == r.routing
        case .upsertWorkCenter(let r): catalog.workCenter(id: r.workCenter.workCenterID) == r.workCenter
        case .upsertCalendar(let r): catalog.calendar(id: r.calendar.calendarID) == r.calendar
        case .upsertCustomer(let r): catalog.customer(id: r.customer.customerID) == r.customer
        }
    }

    func previousVersion(of reply: CatalogReply, in catalog: Catalog) -> UInt64 {
        switch reply {
        case .upsertPlant(let r): catalog.plant(id: r.plant.plantID)?.version ?? 0
        case .upsertItem(let r): catalog.item(id: r.item.itemID)?.version ?? 0
        case .upsertBillOfMaterials(let r): catalog.billOfMaterials(id: r.billOfMaterials.bomID)?.version ?? 0
        case .upsertRouting(let r): catalog.routing(id: r.routing.routingID)?.version ?? 0
        case .upsertWorkCenter(let r): catalog.workCenter(id: r.workCenter.workCenterID)?.version ?? 0
        case .upsertCalendar(let r): catalog.calendar(id: r.calendar.calendarID)?.version ?? 0
        case .upsertCustomer(let r): catalog.customer(id: r.customer.customerID)?.version ?? 0
        }
    }
}
