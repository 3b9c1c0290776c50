import Foundation
import OMSClient
import OMSProto
import OMSStore
import SwiftProtobuf

/// The transfer calls the integration tests make, spelled once.
extension OMSClient {
    func transfer(
        from: String, to: String, toLocation: String = "", _ lines: [(String, String)], arrival: Date? = nil,
        key: String = ""
    ) async throws -> Oms_V1_Transfer {
        var request = Oms_V1_TransferStockRequest()
        request.fromPlantID = from
        request.toPlantID = to
        request.toLocationID = toLocation
        request.lines = lines.map { item, quantity in
            var line = Oms_V1_StockLine()
            line.itemID = item
            line.quantity = quantity
            return line
        }
        if let arrival { request.expectedArrival = Google_Protobuf_Timestamp(date: arrival) }
        request.reference = "DN-\(from)-\(to)"
        let response: Oms_V1_TransferStockResponse = try await unary(
            "oms.v1.InventoryService/Transfer", request, options: CallOptions(timeout: .seconds(20), idempotencyKey: key))
        return response.transfer
    }

    func getTransfer(_ id: String) async throws -> Oms_V1_Transfer {
        var request = Oms_V1_GetTransferRequest()
        request.transferID = id
        let response: Oms_V1_GetTransferResponse = try await unary("oms.v1.InventoryService/GetTransfer", request)
        return response.transfer
    }

    /// Receive with RECEIPT_KIND_TRANSFER.
    func receiveTransfer(plant: String, transfer: String, _ lines: [(String, String)]) async throws -> Oms_V1_ReceiveStockResponse {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = .transfer
        request.transferID = transfer
        request.lines = lines.map { item, quantity in
            var line = Oms_V1_StockLine()
            line.itemID = item
            line.quantity = quantity
            return line
        }
        return try await unary("oms.v1.InventoryService/Receive", request, options: CallOptions(timeout: .seconds(10)))
    }

    /// Figures of one item at a plant, summed over its locations or at one.
    func figures(plant: String, item: String, location: String = "", horizon: Date? = nil) async throws -> Oms_V1_ItemAvailability {
        var request = Oms_V1_StockAvailabilityRequest()
        request.plantID = plant
        request.itemIds = [item]
        request.locationID = location
        if let horizon { request.horizonEnd = Google_Protobuf_Timestamp(date: horizon) }
        let response: Oms_V1_StockAvailabilityResponse = try await unary("oms.v1.InventoryService/Availability", request)
        return response.items.first ?? Oms_V1_ItemAvailability()
    }
}

extension DaemonProcess {
    /// Runs one query against the daemon's database; the first column of each row.
    func sqlColumn(_ sql: String) async throws -> [String] {
        let connectionString = try await databaseConnectionString()
        return try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            let result = try connection.execute(sql)
            return (0..<result.count).map { result.string(row: $0, column: 0) ?? "" }
        }
    }
}
