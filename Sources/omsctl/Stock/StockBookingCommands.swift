import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

struct StockReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receive", abstract: "Book stock in.")

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Plant.") var plant: String
    @Argument(help: "Lines: ITEM:QUANTITY[@LOCATION].") var lines: [String]
    @Option(help: "The expected receipt this fulfils.") var expected: String = ""
    @Option(help: "Document reference.") var reference: String = ""
    @Option(help: "The transfer arriving (lines: its items, at most what is outstanding).") var transfer: String = ""

    func run() async throws {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.lines = try lines.map(StockCommand.line)
        request.kind = transfer.isEmpty ? .purchase : .transfer
        request.transferID = transfer
        request.expectedReceiptID = expected
        request.reference = reference
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_ReceiveStockResponse = try await client.unary("oms.v1.InventoryService/Receive", request)
        try Output.print(response, format: daemon.output) {
            response.movements.map { ($0.movementID, "\($0.itemID) +\($0.quantity) -> on hand \($0.onHandAfter)") }
        }
    }
}

struct StockAdjustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjust", abstract: "Correct on-hand stock by a signed delta or to a counted quantity.")

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Plant.") var plant: String
    @Argument(help: "Item.") var item: String
    @Option(help: "Signed change, e.g. -2.5.") var delta: String?
    @Option(help: "Counted quantity (a physical count).") var counted: String?
    @Option(help: "Location.") var location: String = ""
    @Option(help: "Why.") var reason: String

    func run() async throws {
        var request = Oms_V1_AdjustStockRequest()
        request.plantID = plant
        request.itemID = item
        request.locationID = location
        request.reason = reason
        switch (delta, counted) {
        case (let delta?, nil):
            request.delta = delta
            request.reasonCode = .correction
        case (nil, let counted?):
            request.countedQuantity = counted
            request.reasonCode = .count
        default:
            throw ValidationError("give exactly one of --delta and --counted")
        }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_AdjustStockResponse = try await client.unary("oms.v1.InventoryService/Adjust", request)
        try Output.print(response, format: daemon.output) { [StockCommand.rows(response.balance)] }
    }
}

struct StockExpectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expect", abstract: "Announce, change or (quantity 0) withdraw an expected receipt.")

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Plant.") var plant: String
    @Argument(help: "Expected receipt id (e.g. PO-4711/10).") var id: String
    @Argument(help: "ITEM:QUANTITY[@LOCATION].") var line: String
    @Option(help: "When (ISO 8601, or +HOURS).") var at: String?

    func run() async throws {
        let stock = try StockCommand.line(line)
        var request = Oms_V1_ExpectReceiptRequest()
        request.plantID = plant
        request.expectedReceiptID = id
        request.itemID = stock.itemID
        request.locationID = stock.locationID
        request.quantity = stock.quantity
        request.kind = .purchase
        if let at { request.expectedAt = try StockCommand.time(at) }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_ExpectReceiptResponse = try await client.unary("oms.v1.InventoryService/ExpectReceipt", request)
        let receipt = response.expectedReceipt
        try Output.print(response, format: daemon.output) {
            [(receipt.expectedReceiptID, "\(receipt.quantityOpen) \(receipt.unit) \(receipt.itemID) expected "
                + ISO8601DateFormatter().string(from: receipt.expectedAt.date) + "  v\(receipt.version)")]
        }
    }
}
