import Foundation
import OMSCore
import OMSProto
public import OMSRPC
import OMSWire
import SwiftProtobuf

/// oms.v1.OrderService: commands go to the order's plant writer and are
/// answered after their journal commit; Get, List and History are served from
/// memory on the I/O thread.
public struct OrderService: RPCService {
    let backend: any OrderBackend
    /// Master data for the commands that make production orders: read when
    /// the request arrives and handed to the plant's writer with it.
    let catalog: any CatalogBackend

    public init(backend: any OrderBackend, catalog: any CatalogBackend) {
        self.backend = backend
        self.catalog = catalog
    }

    public func register(in router: inout RPCRouter) {
        let catalog = self.catalog
        command(&router, "Submit", { (r: Oms_V1_SubmitOrderRequest) in (r.plantID, "plant_id") }, {
            OrderCommand.submit($0, masterData: catalog.read { $0 })
        }) {
            if case .submit(let response) = $0 { response } else { nil }
        }
        command(&router, "Amend", { (r: Oms_V1_AmendOrderRequest) in PlantID.owning(order: r.orderID) }, {
            OrderCommand.amend($0, masterData: catalog.read { $0 })
        }) {
            if case .amend(let response) = $0 { response } else { nil }
        }
        command(&router, "Cancel", { (r: Oms_V1_CancelOrderRequest) in PlantID.owning(order: r.orderID) }, OrderCommand.cancel) {
            if case .cancel(let response) = $0 { response } else { nil }
        }
        command(&router, "Hold", { (r: Oms_V1_HoldOrderRequest) in PlantID.owning(order: r.orderID) }, OrderCommand.hold) {
            if case .hold(let response) = $0 { response } else { nil }
        }
        command(&router, "ReleaseHold", { (r: Oms_V1_ReleaseOrderHoldRequest) in PlantID.owning(order: r.orderID) }, OrderCommand.releaseHold) {
            if case .releaseHold(let response) = $0 { response } else { nil }
        }
        command(&router, "Approve", { (r: Oms_V1_ApproveOrderRequest) in PlantID.owning(order: r.orderID) }, {
            OrderCommand.approve($0, masterData: catalog.read { $0 })
        }) {
            if case .approve(let response) = $0 { response } else { nil }
        }
        command(&router, "Expedite", { (r: Oms_V1_ExpediteOrderRequest) in PlantID.owning(order: r.orderID) }, OrderCommand.expedite) {
            if case .expedite(let response) = $0 { response } else { nil }
        }
        command(&router, "Ship", { (r: Oms_V1_ShipOrderRequest) in PlantID.owning(order: r.orderID) }, OrderCommand.ship) {
            if case .ship(let response) = $0 { response } else { nil }
        }
        registerProductionOrders(in: &router)
        let backend = self.backend
        router.unaryInline("oms.v1.OrderService/Get") { (request: Oms_V1_GetOrderRequest, _) throws(RPCError) in
            try domain {
                switch request.key {
                case .orderID(let id):
                    let plant = PlantID.owning(order: id).plant
                    if let found = try backend.read(plant: plant, { try $0.orders.get(request, now: Date()) }) {
                        return found
                    }
                case .external:
                    for plant in backend.plants {
                        if let found = try? backend.read(plant: plant, { try $0.orders.get(request, now: Date()) }) {
                            return found
                        }
                    }
                case nil:
                    throw RPCError.invalidArgument(field: "key", "order_id or external is required")
                }
                throw RPCError(.notFound, "no such order")
            }
        }
        router.unaryInline("oms.v1.OrderService/History") { (request: Oms_V1_OrderHistoryRequest, _) throws(RPCError) in
            try domain {
                let plant = PlantID.owning(order: request.orderID).plant
                guard let history = try backend.read(plant: plant, { try $0.orders.history(request) }) else {
                    throw RPCError(.notFound, "no order '\(request.orderID)'")
                }
                return history
            }
        }
        router.unaryInline("oms.v1.OrderService/List") { (request: Oms_V1_ListOrdersRequest, _) throws(RPCError) in
            try domain { try OrderListing.list(request, backend: backend) }
        }
    }

    /// A command: decode, find the plant, queue on its writer, answer after commit.
    func command<Request: Message, Response: Message>(
        _ router: inout RPCRouter,
        _ name: String,
        _ plant: @escaping @Sendable (Request) -> (plant: String, field: String),
        _ command: @escaping @Sendable (Request) -> OrderCommand,
        _ response: @escaping @Sendable (OrderReply) -> Response?
    ) {
        let backend = self.backend
        router.register("oms.v1.OrderService/\(name)") { request, stream in
            let message: Request
            do {
                message = try decodeRequest(request)
                let (plantID, field) = plant(message)
                try PlantID.validate(plantID, field: field)
            } catch {
                return stream.finish(error: error is RPCError ? error : RPCError(.invalidArgument, "request is not a valid \(Request.protoMessageName)"))
            }
            let plantID = plant(message).plant
            let context = CommandContext(
                now: Date(), principal: request.context.principal, idempotencyKey: request.context.idempotencyKey,
                plantID: plantID)
            let onBehalfOf = request.context.header.metadata["on-behalf-of"] ?? ""
            backend.submit(plant: plantID, command(message), onBehalfOf: onBehalfOf, context: context) { result in
                stream.finish(method: name, result, response)
            }
        }
    }
}

/// Runs a read, turning domain refusals into their status.
func domain<T>(_ body: () throws -> T) throws(RPCError) -> T {
    do {
        return try body()
    } catch let error as RPCError {
        throw error
    } catch let error as DomainError {
        throw RPCError(error)
    } catch {
        throw RPCError(wrapping: error)
    }
}
