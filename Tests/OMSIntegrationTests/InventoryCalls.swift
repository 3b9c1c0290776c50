import Foundation
import OMSClient
import OMSProto

/// The inventory calls the durability tests make, spelled once.
extension OMSClient {
    func receive(plant: String, item: String, quantity: String, reference: String = "") async throws -> Oms_V1_ReceiveStockResponse {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = .purchase
        request.reference = reference
        var line = Oms_V1_StockLine()
        line.itemID = item
        line.quantity = quantity
        request.lines = [line]
        return try await unary("oms.v1.InventoryService/Receive", request, options: CallOptions(timeout: .seconds(10)))
    }

    func reserve(plant: String, item: String, quantity: String, key: String) async throws -> Oms_V1_Reservation {
        var request = Oms_V1_ReserveStockRequest()
        request.plantID = plant
        request.externalReference = key
        request.firm = true
        var line = Oms_V1_StockLine()
        line.itemID = item
        line.quantity = quantity
        request.lines = [line]
        let response: Oms_V1_ReserveStockResponse = try await unary(
            "oms.v1.InventoryService/Reserve", request, options: CallOptions(timeout: .seconds(10), idempotencyKey: key)
        )
        return response.reservation
    }

    func reservation(_ id: String) async throws -> Oms_V1_Reservation {
        var request = Oms_V1_GetReservationRequest()
        request.reservationID = id
        let response: Oms_V1_GetReservationResponse = try await unary("oms.v1.InventoryService/GetReservation", request)
        return response.reservation
    }

    func balance(plant: String, item: String) async throws -> Oms_V1_StockBalance {
        var request = Oms_V1_StockAvailabilityRequest()
        request.plantID = plant
        request.itemIds = [item]
        let response: Oms_V1_StockAvailabilityResponse = try await unary("oms.v1.InventoryService/Availability", request)
        return response.items.first?.balance ?? Oms_V1_StockBalance()
    }
}
