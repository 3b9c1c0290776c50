import OMSCore
import OMSProto
import Testing

/// An order without a priority of its own takes its customer's from the
/// master data; the resolved value is journaled, so replay needs no catalog.
@Suite struct OrderCustomerPriorityTests {
    typealias O = OrderHarness

    @Test func priorityZeroTakesTheCustomersThenTheDefault() throws {
        var catalog = CatalogHarness()
        try catalog.run(.upsert(CatalogFixture.customer("C1", priority: 80)))
        try catalog.run(.upsert(CatalogFixture.customer("C2")))
        var h = O()

        let vip = try h.run(.submit(O.submitRequest("SO-1", customer: "C1"), masterData: catalog.catalog)).order
        #expect(vip.priority == 0 && vip.effectivePriority == 80)
        let normal = try h.run(.submit(O.submitRequest("SO-2", customer: "C2"), masterData: catalog.catalog)).order
        #expect(normal.effectivePriority == 50, "a customer without a priority: the default")
        let own = try h.run(.submit(O.submitRequest("SO-3", priority: 20, customer: "C1"), masterData: catalog.catalog))
        #expect(own.order.effectivePriority == 20, "the order's own priority wins")

        guard case .amend(let request, _) = O.amend(vip.orderID, version: 1, priority: 0, reference: "PO-changed")
        else { Issue.record("not an amend"); return }
        let amended = try h.run(.amend(request, masterData: catalog.catalog)).order
        #expect(amended.effectivePriority == 80, "amendments resolve it the same way")
        #expect(try h.replayed() == h.book)
    }
}
