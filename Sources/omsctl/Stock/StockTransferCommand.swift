import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

struct StockTransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Ship stock to another plant (in transit there until received) or another location; --get shows one.",
        usage: """
            omsctl stock transfer FROM_PLANT[/LOCATION] TO_PLANT[/LOCATION] ITEM=QTY... [--arrival T] [--reservation R] [--reference X]
            omsctl stock transfer --get TRANSFER_ID
            """)

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "FROM_PLANT[/LOCATION] TO_PLANT[/LOCATION], then lines ITEM=QTY (or ITEM:QTY).")
    var arguments: [String] = []
    @Option(help: "Expected arrival (ISO 8601, or +HOURS).") var arrival: String?
    @Option(help: "Ship what this reservation holds (no lines = all of it).") var reservation: String = ""
    @Option(help: "Document reference.") var reference: String = ""
    @Option(help: "Show this transfer instead.") var get: String?

    func validate() throws {
        if get != nil && !arguments.isEmpty { throw ValidationError("--get takes no other arguments") }
        if get == nil && arguments.count < 2 { throw ValidationError("give FROM_PLANT[/LOCATION] TO_PLANT[/LOCATION] ITEM=QTY...") }
    }

    func run() async throws {
        let client = try await daemon.connect()
        defer { client.close() }
        let transfer: Oms_V1_Transfer
        let message: any Message
        if let get {
            var request = Oms_V1_GetTransferRequest()
            request.transferID = get
            let response: Oms_V1_GetTransferResponse = try await client.unary("oms.v1.InventoryService/GetTransfer", request)
            (transfer, message) = (response.transfer, response)
        } else {
            let response: Oms_V1_TransferStockResponse = try await client.unary(
                "oms.v1.InventoryService/Transfer", try request())
            (transfer, message) = (response.transfer, response)
        }
        try Output.print(message, format: daemon.output) { Self.rows(transfer) }
    }

    func request() throws -> Oms_V1_TransferStockRequest {
        var request = Oms_V1_TransferStockRequest()
        (request.fromPlantID, request.fromLocationID) = Self.place(arguments[0])
        (request.toPlantID, request.toLocationID) = Self.place(arguments[1])
        request.lines = try arguments.dropFirst(2).map(Self.line)
        if let arrival { request.expectedArrival = try StockCommand.time(arrival) }
        request.reservationID = reservation
        request.reference = reference
        return request
    }

    /// "PLANT[/LOCATION]".
    static func place(_ text: String) -> (String, String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }

    /// "ITEM=QTY" (or "ITEM:QTY", as the other stock commands take it).
    static func line(_ text: String) throws -> Oms_V1_StockLine {
        guard let separator = text.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            throw ValidationError("'\(text)' is not ITEM=QUANTITY")
        }
        var line = Oms_V1_StockLine()
        line.itemID = String(text[..<separator])
        line.quantity = String(text[text.index(after: separator)...])
        return line
    }

    static func rows(_ transfer: Oms_V1_Transfer) -> [(String, String)] {
        func place(_ plant: String, _ location: String) -> String { location.isEmpty ? plant : "\(plant)/\(location)" }
        let state = transfer.state == .received ? "RECEIVED" : "IN_TRANSIT"
        let arrival = transfer.hasExpectedArrival ? ISO8601DateFormatter().string(from: transfer.expectedArrival.date) : "unknown"
        return [
            ("transfer", "\(transfer.transferID)  \(state)  v\(transfer.version)"),
            ("route", "\(place(transfer.fromPlantID, transfer.fromLocationID)) -> \(place(transfer.toPlantID, transfer.toLocationID))"),
            ("expected", arrival),
        ] + transfer.lines.map { ("  \($0.itemID)", "\($0.quantityReceived) of \($0.quantity) \($0.unit) received") }
    }
}
