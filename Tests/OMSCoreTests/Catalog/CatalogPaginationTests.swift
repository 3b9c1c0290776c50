import OMSCore
import OMSProto
import Testing

@Suite struct CatalogPaginationTests {
    /// 250 items, ids in an order that differs from their creation order.
    static func manyItems() throws -> CatalogHarness {
        var h = CatalogHarness()
        for n in 0..<250 {
            let id = "I\((n * 97) % 250)"
            var item = CatalogFixture.item(id, sourcing: n % 3 == 0 ? .make : .buy, productType: n % 2 == 0 ? "pump" : "valve")
            item.retired = n % 10 == 0
            try h.run(.upsert(item))
        }
        return h
    }

    /// Follows next_page_token to the end.
    static func allPages(_ h: CatalogHarness, _ request: Oms_V1_ListItemsRequest) throws -> [[String]] {
        var request = request
        var pages: [[String]] = []
        repeat {
            let response = try h.catalog.listItems(request)
            pages.append(response.items.map(\.itemID))
            request.pageToken = response.nextPageToken
        } while !request.pageToken.isEmpty && pages.count < 1_000
        return pages
    }

    @Test(arguments: [UInt32(1), 7, 50, 0, 225, 5_000])
    func pagesReturnEveryRecordExactlyOnceInIDOrder(pageSize: UInt32) throws {
        let h = try Self.manyItems()
        let pages = try Self.allPages(h, .with { $0.pageSize = pageSize; $0.includeRetired = true })
        let ids = pages.flatMap { $0 }
        #expect(ids.count == 250)
        #expect(Set(ids).count == 250)
        #expect(ids == ids.sorted())
        let size = pageSize == 0 ? 100 : Int(pageSize)
        #expect(pages.dropLast().allSatisfy { $0.count == size })
        // No empty trailing page: the last token is empty exactly when nothing follows.
        #expect(pages.last?.isEmpty == false)
    }

    @Test func filtersApplyAcrossPages() throws {
        let h = try Self.manyItems()
        let request = Oms_V1_ListItemsRequest.with { $0.pageSize = 9; $0.sourcing = .make; $0.productType = "pump" }
        let ids = try Self.allPages(h, request).flatMap { $0 }
        let expected = try h.catalog.listItems(.with { $0.pageSize = 1_000; $0.includeRetired = true }).items
            .filter { $0.sourcing == .make && $0.productType == "pump" && !$0.retired }
            .map(\.itemID)
        #expect(!expected.isEmpty)
        #expect(ids == expected)
    }

    @Test func thePageSizeIsCappedAtOneThousand() throws {
        var h = CatalogHarness()
        for n in 0..<1_001 { try h.run(.upsert(CatalogFixture.customer("C\(n)"))) }
        let first = try h.catalog.listCustomers(.with { $0.pageSize = 4_000 })
        #expect(first.customers.count == 1_000)
        let second = try h.catalog.listCustomers(.with { $0.pageSize = 4_000; $0.pageToken = first.nextPageToken })
        #expect(second.customers.count == 1)
        #expect(second.nextPageToken.isEmpty)
    }

    @Test func aTokenOnlyWorksWithTheFiltersAndListItCameFrom() throws {
        var h = try Self.manyItems()
        let first = try h.catalog.listItems(.with { $0.pageSize = 5; $0.productType = "pump" })
        #expect(!first.nextPageToken.isEmpty)
        for bad in ["garbage!", "AAAA", "Zm9v", first.nextPageToken + "x"] {
            #expect(throws: DomainError.self) {
                try h.catalog.listItems(.with { $0.pageToken = bad; $0.productType = "pump" })
            }
        }
        func field(_ body: () throws -> Void) -> String? {
            do { try body() } catch { return (error as? DomainError)?.field }
            return nil
        }
        #expect(field { _ = try h.catalog.listItems(.with { $0.pageToken = "garbage!" }) } == "page_token")
        let withoutFilter = Oms_V1_ListItemsRequest.with { $0.pageSize = 5; $0.pageToken = first.nextPageToken }
        #expect(field { _ = try h.catalog.listItems(withoutFilter) } == "page_token")
        #expect(field { _ = try h.catalog.listPlants(.with { $0.pageToken = first.nextPageToken }) } == "page_token")
        // Another page size is not another filter.
        var sameFilter = Oms_V1_ListItemsRequest.with { $0.productType = "pump"; $0.pageToken = first.nextPageToken }
        sameFilter.pageSize = 50
        let next = try h.catalog.listItems(sameFilter)
        #expect(next.items.first.map { $0.itemID > first.items[4].itemID } == true)
        // A token stays valid when records are added meanwhile.
        try h.run(.upsert(CatalogFixture.item("ZZZ", productType: "pump")))
        sameFilter.pageSize = 5
        #expect(try h.catalog.listItems(sameFilter).items.count == 5)
    }

    @Test func productionListsFilterByPlantItemAndWorkCenter() throws {
        var h = try CatalogHarness.seeded()
        var alternate = CatalogFixture.routing("R-D", item: "D", operations: [(10, "WC2")])
        alternate.operations[0].alternates = [.with { $0.workCenterID = "WC1" }]
        try h.run(.upsert(alternate))
        try h.run(.upsert(CatalogFixture.routing("R-D9", plant: "P2", item: "D", operations: [(10, "WC9")])))
        try h.run(.upsert(CatalogFixture.bom("BOM-D9", plant: "P2", item: "D", components: [("B", "1")])))

        #expect(try h.catalog.listRoutings(.with { $0.workCenterID = "WC1" }).routings.map(\.routingID) == ["R-A", "R-D"])
        #expect(try h.catalog.listRoutings(.with { $0.itemID = "D" }).routings.map(\.routingID) == ["R-D", "R-D9"])
        #expect(try h.catalog.listRoutings(.with { $0.plantID = "P2" }).routings.map(\.routingID) == ["R-D9"])
        #expect(try h.catalog.listBillsOfMaterials(.with { $0.plantID = "P1" }).billsOfMaterials.map(\.bomID) == ["BOM-A"])
        #expect(try h.catalog.listBillsOfMaterials(.with { $0.itemID = "D" }).billsOfMaterials.map(\.bomID) == ["BOM-D9"])
        #expect(try h.catalog.listWorkCenters(.with { $0.plantID = "P1" }).workCenters.map(\.workCenterID) == ["WC1", "WC2"])
        #expect(try h.catalog.listWorkCenters(.init()).workCenters.count == 3)
        #expect(try h.catalog.listCalendars(.with { $0.plantID = "P2" }).calendars.map(\.calendarID) == ["CAL2"])
        #expect(try h.catalog.listPlants(.init()).plants.map(\.plantID) == ["P1", "P2"])
        #expect(try h.catalog.listItems(.with { $0.sourcing = .make }).items.map(\.itemID) == ["A", "D"])
    }
}
