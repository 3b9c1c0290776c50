import OMSClient

/// The inventory calls the scenarios make, spelled once.
extension OMSClient {
    func receiveStock(plant: String, item: String, quantity: String, timeout: Duration) async throws {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = .purchase
        request.reference = "omsbench set-up"
        request.lines = [Oms_V1_StockLine.of(item: item, quantity: quantity)]
        _ = try await unary(
            "oms.v1.InventoryService/Receive", request, as: Oms_V1_ReceiveStockResponse.self,
            options: CallOptions(timeout: timeout))
    }

    /// A firm (never expiring) reservation under an idempotency key; returns its id.
    func reserveStock(plant: String, item: String, quantity: String, key: String, timeout: Duration) async throws -> String {
        var request = Oms_V1_ReserveStockRequest()
        request.plantID = plant
        request.externalReference = key
        request.firm = true
        request.lines = [Oms_V1_StockLine.of(item: item, quantity: quantity)]
        let response = try await unary(
            "oms.v1.InventoryService/Reserve", request, as: Oms_V1_ReserveStockResponse.self,
            options: CallOptions(timeout: timeout, idempotencyKey: key))
        return response.reservation.reservationID
    }

    /// Releases everything a reservation still holds.
    func releaseReservation(id: String, key: String, timeout: Duration) async throws {
        var request = Oms_V1_ReleaseReservationRequest()
        request.reservationID = id
        request.reason = "omsbench"
        _ = try await unary(
            "oms.v1.InventoryService/Release", request, as: Oms_V1_ReleaseReservationResponse.self,
            options: CallOptions(timeout: timeout, idempotencyKey: key))
    }

    func availability(plant: String, item: String, timeout: Duration) async throws {
        var request = Oms_V1_StockAvailabilityRequest()
        request.plantID = plant
        request.itemIds = [item]
        _ = try await unary(
            "oms.v1.InventoryService/Availability", request, as: Oms_V1_StockAvailabilityResponse.self,
            options: CallOptions(timeout: timeout))
    }
}

extension Oms_V1_StockLine {
    static func of(item: String, quantity: String) -> Oms_V1_StockLine {
        var line = Oms_V1_StockLine()
        line.itemID = item
        line.quantity = quantity
        return line
    }
}

/// Enough stock that a benchmark never runs out (10^12 units; the largest
/// quantity is about 9.2 * 10^12).
let unlimitedStock = "1000000000000"
