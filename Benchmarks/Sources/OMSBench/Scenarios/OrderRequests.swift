import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

/// The order calls the scenarios make, spelled once.
extension OMSClient {
    /// Submits a one-line order of 5 units under a unique business key, due at
    /// `due` (default: spread by the key); returns its id.
    func submitOrder(
        plant: String, item: String, external: String, due: Google_Protobuf_Timestamp? = nil, timeout: Duration
    ) async throws -> String {
        try await submitOrderReturningVersion(plant: plant, item: item, external: external, due: due, timeout: timeout).id
    }

    /// `submitOrder`, also returning the order's version (what an amendment is based on).
    func submitOrderReturningVersion(
        plant: String, item: String, external: String, due: Google_Protobuf_Timestamp? = nil, timeout: Duration
    ) async throws -> (id: String, version: UInt64) {
        var request = Oms_V1_SubmitOrderRequest()
        request.sourceSystem = "omsbench"
        request.externalOrderID = external
        request.channel = .erp
        request.customerID = "BENCH-CUSTOMER"
        request.plantID = plant
        var line = Oms_V1_OrderLineInput()
        line.lineID = "10"
        line.itemID = item
        line.quantity = "5"
        // Spread due dates so the list index is not one long run of equal keys.
        line.dueDate = due ?? Google_Protobuf_Timestamp(seconds: 1_900_000_000 + Int64(abs(external.hashValue % 1_000_000)))
        request.lines = [line]
        let response = try await unary(
            "oms.v1.OrderService/Submit", request, as: Oms_V1_SubmitOrderResponse.self,
            options: CallOptions(timeout: timeout))
        return (response.order.orderID, response.order.version)
    }

    /// Replaces the order's one line (line 10) with `quantity` units of `item`.
    func amendOrder(id: String, version: UInt64, item: String, quantity: String, timeout: Duration) async throws {
        var request = Oms_V1_AmendOrderRequest()
        request.orderID = id
        request.expectedVersion = version
        request.reason = "omsbench"
        var line = Oms_V1_OrderLineInput()
        line.lineID = "10"
        line.itemID = item
        line.quantity = quantity
        line.dueDate = Google_Protobuf_Timestamp(seconds: 1_900_000_000)
        request.lines = [line]
        _ = try await unary(
            "oms.v1.OrderService/Amend", request, as: Oms_V1_AmendOrderResponse.self,
            options: CallOptions(timeout: timeout))
    }

    func orderStatus(id: String, timeout: Duration) async throws {
        var request = Oms_V1_GetOrderRequest()
        request.orderID = id
        _ = try await unary(
            "oms.v1.OrderService/Get", request, as: Oms_V1_GetOrderResponse.self, options: CallOptions(timeout: timeout))
    }
}
