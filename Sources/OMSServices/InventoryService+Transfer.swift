import Foundation
import OMSCore
import OMSProto
import OMSRPC
import OMSWire
import SwiftProtobuf

/// Transfer and GetTransfer: a transfer spans two plants' writers, so the
/// call is orchestrated by the `TransferOutbox` (ship, then register at the
/// destination) rather than queued on one shard.
extension InventoryService {
    func registerTransfers(in router: inout RPCRouter) {
        let backend = self.backend
        let outbox = self.transfers
        router.register("oms.v1.InventoryService/Transfer") { request, stream in
            let message: Oms_V1_TransferStockRequest
            do {
                message = try decodeRequest(request)
                try PlantID.validate(message.fromPlantID, field: "from_plant_id")
                try PlantID.validate(message.toPlantID, field: "to_plant_id")
                try Self.checkUnitsAgree(message, backend: backend)
            } catch {
                return stream.finish(
                    error: error is RPCError ? error : RPCError(.invalidArgument, "request is not a valid oms.v1.TransferStockRequest"))
            }
            let context = CommandContext(
                now: Date(),
                principal: request.context.principal,
                idempotencyKey: request.context.idempotencyKey,
                plantID: message.fromPlantID,
                actsForAllPrincipals: request.context.roles.contains("planner")
            )
            outbox.transfer(message, context: context) { result in
                stream.finish(method: "Transfer", result) {
                    if case .transfer(let response) = $0 { response } else { nil }
                }
            }
        }
        router.unaryInline("oms.v1.InventoryService/GetTransfer") {
            (request: Oms_V1_GetTransferRequest, _) throws(RPCError) in
            let id = request.transferID
            let source = PlantID.owning(transfer: id)
            guard !source.isEmpty, InventoryState.transferNumber(id) > 0 else {
                throw RPCError.invalidArgument(field: "transfer_id", "not a transfer id of omsd (<plant>-T<n>)")
            }
            try PlantID.validate(source, field: "transfer_id")
            guard let shipped = backend.read(plant: source, { $0.shippedTransfer(id: id) }) ?? nil else {
                throw RPCError(.notFound, "no transfer '\(id)'")
            }
            // The destination knows what arrived; until it registers the transfer, the source's record.
            let atDestination = backend.read(plant: shipped.toPlantID) { $0.knowsInboundTransfer(id) ? $0.transfer(id: id) : nil } ?? nil
            let atSource = backend.read(plant: source) { $0.transfer(id: id) } ?? nil
            guard let transfer = atDestination ?? atSource else {
                throw RPCError(.notFound, "no transfer '\(id)'")
            }
            var response = Oms_V1_GetTransferResponse()
            response.transfer = transfer
            return response
        }
    }

    /// An item both plants know must have one unit at both, or its arrival
    /// could never be booked: FAILED_PRECONDITION before anything ships.
    static func checkUnitsAgree(_ request: Oms_V1_TransferStockRequest, backend: any InventoryBackend) throws(RPCError) {
        guard request.toPlantID != request.fromPlantID else { return }
        // Without lines the reservation's items ship.
        let items: [(field: String, itemID: String)] = request.lines.isEmpty
            ? (backend.read(plant: request.fromPlantID) { (state: InventoryState) in
                state.reservations[request.reservationID]?.lines.map { ("reservation_id", $0.key.itemID) } ?? []
            } ?? [])
            : request.lines.enumerated().map { ("lines[\($0.offset)].item_id", $0.element.itemID) }
        for (field, itemID) in items {
            let source = backend.read(plant: request.fromPlantID) { (state: InventoryState) in state.itemUnits[itemID] } ?? nil
            let destination = backend.read(plant: request.toPlantID) { (state: InventoryState) in state.itemUnits[itemID] } ?? nil
            guard let source, let destination, !source.isEmpty, !destination.isEmpty, source != destination else { continue }
            var violation = Oms_V1_FieldViolation()
            violation.field = field
            violation.description_p = "item \(itemID) is kept in \(source) at plant \(request.fromPlantID) but in \(destination) at plant \(request.toPlantID)"
            var detail = Oms_V1_StatusDetail()
            detail.fieldViolation = violation
            throw RPCError(.failedPrecondition, violation.description_p, details: [detail])
        }
    }
}
