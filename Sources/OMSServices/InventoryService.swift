import Foundation
import OMSCore
import OMSProto
public import OMSRPC
import OMSWire
import SwiftProtobuf

/// oms.v1.InventoryService: mutations go to the plant's single writer and are
/// answered after their journal commit; reads are served from memory on the
/// I/O thread, but Ledger, which reads PostgreSQL through `ledger`.
public struct InventoryService: RPCService {
    let backend: any InventoryBackend
    let transfers: TransferOutbox
    /// The ledger in PostgreSQL; nil (no store, e.g. in-process tests) = Ledger is not served.
    let ledger: (any StockLedgerReader)?

    /// `transfers`: the daemon's outbox (it also sweeps at start-up); by default one of its own.
    public init(backend: any InventoryBackend, transfers: TransferOutbox? = nil, ledger: (any StockLedgerReader)? = nil) {
        self.backend = backend
        self.transfers = transfers ?? TransferOutbox(backend: backend)
        self.ledger = ledger
    }

    public func register(in router: inout RPCRouter) {
        mutation(&router, "Receive", { (request: Oms_V1_ReceiveStockRequest) in request.plantID }, InventoryCommand.receive) {
            if case .receive(let response) = $0 { response } else { nil }
        }
        mutation(&router, "Reserve", { (request: Oms_V1_ReserveStockRequest) in request.plantID }, InventoryCommand.reserve) {
            if case .reserve(let response) = $0 { response } else { nil }
        }
        mutation(&router, "Release", { (request: Oms_V1_ReleaseReservationRequest) in request.plantOfReservation }, InventoryCommand.release) {
            if case .release(let response) = $0 { response } else { nil }
        }
        mutation(&router, "Consume", { (request: Oms_V1_ConsumeReservationRequest) in request.plantOfReservation }, InventoryCommand.consume) {
            if case .consume(let response) = $0 { response } else { nil }
        }
        mutation(&router, "Adjust", { (request: Oms_V1_AdjustStockRequest) in request.plantID }, InventoryCommand.adjust) {
            if case .adjust(let response) = $0 { response } else { nil }
        }
        mutation(&router, "ExpectReceipt", { (request: Oms_V1_ExpectReceiptRequest) in request.plantID }, InventoryCommand.expectReceipt) {
            if case .expectReceipt(let response) = $0 { response } else { nil }
        }
        mutation(&router, "ConfirmReservation", { (request: Oms_V1_ConfirmReservationRequest) in PlantID.owning(reservation: request.reservationID) }, InventoryCommand.confirmReservation) {
            if case .confirmReservation(let response) = $0 { response } else { nil }
        }

        registerTransfers(in: &router)

        router.unaryInline("oms.v1.InventoryService/Availability") {
            (request: Oms_V1_StockAvailabilityRequest, _) throws(RPCError) in
            if !request.plantID.isEmpty { try PlantID.validate(request.plantID) }
            do {
                // Without a plant: every plant's answer, plant by plant in id order.
                let plants = request.plantID.isEmpty ? backend.plants.sorted() : [request.plantID]
                // With no plant at all there is nothing to answer, but the request is still checked.
                guard !plants.isEmpty else {
                    _ = try InventoryState(plantID: "").availability(request, now: Date())
                    return Oms_V1_StockAvailabilityResponse()
                }
                var response = Oms_V1_StockAvailabilityResponse()
                for plant in plants {
                    var asked = request
                    asked.plantID = plant
                    let answer = try backend.read(plant: plant) { (state: PlantState) in try state.stockAvailability(asked, now: Date()) }
                        // A plant with no inventory yet answers like an empty one.
                        ?? InventoryState(plantID: plant).availability(asked, now: Date())
                    response.items += answer.items
                }
                return response
            } catch let error as DomainError {
                throw RPCError(error)
            } catch {
                throw RPCError(wrapping: error)
            }
        }
        router.unaryInline("oms.v1.InventoryService/ListReservations") {
            (request: Oms_V1_ListReservationsRequest, _) throws(RPCError) in
            try ReservationListing.list(request, backend: backend)
        }
        if let ledger {
            // A task, not the I/O thread: the reader waits for PostgreSQL.
            router.unary("oms.v1.InventoryService/Ledger") { (request: Oms_V1_StockLedgerRequest, _) in
                try await StockLedger.page(request, reader: ledger)
            }
        }
        router.unaryInline("oms.v1.InventoryService/GetReservation") {
            (request: Oms_V1_GetReservationRequest, _) throws(RPCError) in
            let plant = PlantID.owning(reservation: request.reservationID)
            let found = backend.read(plant: plant) { $0.reservation(id: request.reservationID) }
            guard let reservation = found ?? nil else {
                throw RPCError(.notFound, "no reservation '\(request.reservationID)'")
            }
            var response = Oms_V1_GetReservationResponse()
            response.reservation = reservation
            return response
        }
    }

    /// A mutating method: decode, check the plant, queue on its writer, answer after commit.
    private func mutation<Request: Message, Response: Message>(
        _ router: inout RPCRouter,
        _ name: String,
        _ plant: @escaping @Sendable (Request) -> String,
        _ command: @escaping @Sendable (Request) -> InventoryCommand,
        _ response: @escaping @Sendable (InventoryReply) -> Response?
    ) {
        let backend = self.backend
        router.register("oms.v1.InventoryService/\(name)") { request, stream in
            let message: Request
            do {
                message = try decodeRequest(request)
                try PlantID.validate(plant(message))
            } catch {
                return stream.finish(error: error is RPCError ? error : RPCError(.invalidArgument, "request is not a valid \(Request.protoMessageName)"))
            }
            let plantID = plant(message)
            let context = CommandContext(
                now: Date(),
                principal: request.context.principal,
                idempotencyKey: request.context.idempotencyKey,
                plantID: plantID,
                // Planners work on every principal's reservations.
                actsForAllPrincipals: request.context.roles.contains("planner")
            )
            backend.submit(plant: plantID, command(message), context: context) { result in
                stream.finish(method: name, result, response)
            }
        }
    }
}

extension Oms_V1_ReleaseReservationRequest {
    var plantOfReservation: String { PlantID.owning(reservation: reservationID) }
}

extension Oms_V1_ConsumeReservationRequest {
    var plantOfReservation: String { PlantID.owning(reservation: reservationID) }
}
