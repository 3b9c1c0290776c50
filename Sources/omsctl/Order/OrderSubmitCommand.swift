import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

struct OrderSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit an order (idempotent by --source and --external-id).",
        discussion: "Lines are LINE:ITEM:QUANTITY:DUE, DUE an ISO 8601 date or time (e.g. 10:SHAFT-20:5:2026-12-24)."
    )

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Plant that fulfils the order.") var plant: String
    @Option(help: "Sending system (with --external-id the business key).") var source: String = "omsctl"
    @Option(name: .customLong("external-id"), help: "The order's id in the sending system.") var externalID: String
    @Option(help: "Customer id.") var customer: String = ""
    @Option(help: "1 (lowest) ... 100 (highest); 0 = the customer's.") var priority: UInt32 = 0
    @Option(name: .customLong("line"), help: "LINE:ITEM:QUANTITY:DUE; repeat for more lines.") var lines: [String]

    func run() async throws {
        var request = Oms_V1_SubmitOrderRequest()
        request.sourceSystem = source
        request.externalOrderID = externalID
        request.channel = .manual
        request.customerID = customer
        request.plantID = plant
        request.priority = priority
        request.lines = try lines.map(Self.line)
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_SubmitOrderResponse = try await client.unary("oms.v1.OrderService/Submit", request)
        try Output.print(response, format: daemon.output) {
            [("created", response.created ? "yes" : "no, it existed")] + OrderRows.detail(response.order)
        }
    }

    static func line(_ text: String) throws -> Oms_V1_OrderLineInput {
        let parts = text.split(separator: ":", maxSplits: 3).map(String.init)
        guard parts.count == 4 else { throw ValidationError("--line takes LINE:ITEM:QUANTITY:DUE, got '\(text)'") }
        var line = Oms_V1_OrderLineInput()
        line.lineID = parts[0]
        line.itemID = parts[1]
        line.quantity = parts[2]
        line.dueDate = Google_Protobuf_Timestamp(date: try parseDue(parts[3]))
        return line
    }

    /// A date is due at its end (UTC); a time is due then.
    static func parseDue(_ text: String) throws -> Date {
        if let time = ISO8601DateFormatter().date(from: text) { return time }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = day.date(from: text) else { throw ValidationError("not an ISO 8601 date or time: '\(text)'") }
        return date.addingTimeInterval(86_399)
    }
}
