import Foundation
import Testing
import OMSCore
import OMSProto
import SwiftProtobuf

/// A plant's writer in miniature, as the shard runs it: decide, apply, then
/// the material check's reaction on the new state, applied too; every event
/// goes through the wire format into a journal that replay reads back.
struct MaterialHarness {
    typealias H = Harness
    typealias O = OrderHarness
    static let plant = "P1"
    var state = PlantState(plantID: MaterialHarness.plant)
    var journal: [[UInt8]] = []
    var now = OrderHarness.start
    let catalog: Catalog

    init() throws {
        catalog = try ProductionFixture.catalog()
    }

    init(catalog: Catalog) {
        self.catalog = catalog
    }

    func context(_ principal: String) -> CommandContext {
        CommandContext(now: now, principal: principal, plantID: Self.plant)
    }

    /// Runs a command like the shard; returns the (refreshed) reply and the reaction's events.
    @discardableResult
    mutating func run(_ command: PlantCommand, as principal: String = "erp") throws(DomainError)
        -> (reply: PlantReply, reaction: [PlantEvent])
    {
        let context = context(principal)
        let (events, reply) = try state.decide(command, context: context)
        commit(events)
        guard !events.isEmpty else { return (reply, []) }
        let reaction = state.reaction(to: events, context: context)
        commit(reaction)
        return (reaction.isEmpty ? reply : state.refreshed(reply), reaction)
    }

    @discardableResult
    mutating func stock(_ command: InventoryCommand, as principal: String = "wms") throws(DomainError)
        -> (reply: PlantReply, reaction: [PlantEvent])
    {
        try run(.inventory(command), as: principal)
    }

    @discardableResult
    mutating func order(_ command: OrderCommand) throws(DomainError) -> OrderReply {
        guard case .order(let reply) = try run(.order(command, onBehalfOf: "")).reply else {
            throw DomainError(.failedPrecondition, "not an order reply")
        }
        return reply
    }

    /// Submits and approves an order of `lines`; returns its id.
    mutating func approvedOrder(_ external: String, _ lines: [Oms_V1_OrderLineInput]) throws -> String {
        guard case .submit(let submitted) = try order(.submit(O.submitRequest(external, lines: lines), masterData: catalog))
        else { throw DomainError(.failedPrecondition, "not a submit reply") }
        try order(O.approve(submitted.order.orderID, catalog))
        return submitted.order.orderID
    }

    private mutating func commit(_ events: [PlantEvent]) {
        for event in events {
            journal.append(Self.bytes(event))
            state.apply(event)
        }
    }

    private static func bytes(_ event: PlantEvent) -> [UInt8] {
        switch event {
        case .inventory(let event): [0] + ((try? event.serializedBytes()) ?? [])
        case .order(let event): [1] + ((try? event.serializedBytes()) ?? [])
        }
    }

    /// The plant rebuilt from the serialised journal.
    func replayed() throws -> PlantState {
        var fresh = PlantState(plantID: Self.plant)
        for bytes in journal {
            let payload = Array(bytes.dropFirst())
            if bytes.first == 0 {
                fresh.apply(.inventory(try Oms_Journal_V1_InventoryEvent(serializedBytes: payload)))
            } else {
                fresh.apply(.order(try Oms_Journal_V1_OrderEvent(serializedBytes: payload)))
            }
        }
        return fresh
    }

    // MARK: Reads

    func available(_ item: String) -> Quantity { state.inventory.totalFigures(itemID: item).available }

    func order(_ id: String) throws -> Oms_V1_Order {
        var request = Oms_V1_GetOrderRequest()
        request.orderID = id
        return try state.orders.get(request, now: now).order
    }

    func lot(_ id: String) throws -> Oms_V1_ProductionOrder {
        var request = Oms_V1_GetProductionOrderRequest()
        request.productionOrderID = id
        return try state.orders.getProductionOrder(request).productionOrder
    }

    func history(_ id: String) throws -> [Oms_V1_OrderHistoryEntry] {
        var request = Oms_V1_OrderHistoryRequest()
        request.orderID = id
        request.pageSize = 1000
        return try state.orders.history(request).entries
    }

    /// The ACTIVE reservations of a production order.
    func reservations(of lot: String) -> [Oms_V1_Reservation] {
        var request = Oms_V1_ListReservationsRequest()
        request.productionOrderID = lot
        return state.inventory.listReservations(request, after: 0, limit: 1000).reservations
    }

    /// What a lot's reservations hold or issued of `item`.
    func covered(_ lot: String, _ item: String) -> Quantity {
        var request = Oms_V1_ListReservationsRequest()
        request.productionOrderID = lot
        request.states = [.active, .consumed, .released, .expired]
        return state.inventory.listReservations(request, after: 0, limit: 1000).reservations.flatMap(\.lines)
            .filter { $0.itemID == item }
            .reduce(Quantity.zero) { sum, line in
                sum + (Quantity(line.quantityOpen) ?? .zero) + (Quantity(line.quantityConsumed) ?? .zero)
            }
    }
}
