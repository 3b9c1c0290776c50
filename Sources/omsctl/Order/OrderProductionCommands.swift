import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

/// `omsctl order split P1-P3 60 20@2026-12-01 --routing R-ALT`: one part per quantity.
struct OrderSplitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a production order into parts; its pegs go earliest-due first.",
        discussion: "Each PART is QUANTITY or QUANTITY@DUE (ISO 8601 date or time); quantities sum to the lot's."
    )

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "Production order id (P1-P3).") var productionOrderID: String
    @Argument(help: "At least two parts: QUANTITY[@DUE].") var parts: [String]
    @Option(help: "Alternate routing for every part (default: the lot's).") var routing: String = ""
    @Option(help: "Why.") var reason: String = "split by hand"
    @Option(help: "Refuse unless the lot is at this version (0 = no check).") var expectedVersion: UInt64 = 0

    func run() async throws {
        var request = Oms_V1_SplitProductionOrderRequest()
        request.productionOrderID = productionOrderID
        request.expectedVersion = expectedVersion
        request.reason = reason
        request.parts = try parts.map { text in
            var part = Oms_V1_SplitPart()
            let pieces = text.split(separator: "@", maxSplits: 1).map(String.init)
            part.quantity = pieces.first ?? ""
            if pieces.count == 2 { part.dueDate = try Self.time(pieces[1]) }
            part.routingID = routing
            return part
        }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_SplitProductionOrderResponse = try await client.unary("oms.v1.OrderService/Split", request)
        try Output.print(response, format: daemon.output) {
            response.productionOrders.map { ($0.productionOrderID, OrderRows.summary($0)) }
        }
    }

    /// "2026-12-01" (midnight UTC) or a full ISO 8601 time.
    static func time(_ text: String) throws -> Google_Protobuf_Timestamp {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Google_Protobuf_Timestamp(date: date) }
        formatter.formatOptions = [.withFullDate]
        if let date = formatter.date(from: text) { return Google_Protobuf_Timestamp(date: date) }
        throw ValidationError("'\(text)' is not an ISO 8601 date or time")
    }
}

struct OrderMergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Merge open production orders of one item and routing into one lot.")

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "Two or more production order ids of one plant.") var productionOrderIDs: [String]
    @Option(help: "Due date of the new lot (default: the earliest of theirs).") var due: String?
    @Option(help: "Why.") var reason: String = "merged by hand"

    func run() async throws {
        var request = Oms_V1_MergeProductionOrdersRequest()
        request.productionOrderIds = productionOrderIDs
        request.reason = reason
        if let due { request.dueDate = try OrderSplitCommand.time(due) }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_MergeProductionOrdersResponse = try await client.unary("oms.v1.OrderService/Merge", request)
        try Output.print(response, format: daemon.output) { OrderRows.detail(response.productionOrder) }
    }
}

/// `omsctl order lots [--order P1-O7]`, `omsctl order lots --get P1-P3`, `omsctl order lots --release P1-P3 ...`.
struct OrderLotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lots", abstract: "Production orders: list (filtered), show one, or release to the shop floor.")

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Show this production order.") var get: String?
    @Option(help: "Release these production orders (all or none); repeat for more.") var release: [String] = []
    @Option(help: "Only this plant.") var plant: String = ""
    @Option(help: "Only lots serving this customer order.") var order: String = ""
    @Option(help: "Only this item.") var item: String = ""
    @Option(help: "Only these states (CREATED, RELEASED, ...); repeat for more.") var state: [String] = []
    @Option(help: "Lots per page (at most 1000).") var limit: UInt32 = 100
    @Option(help: "Continue from a previous page's next_page_token.") var pageToken: String = ""

    func run() async throws {
        let client = try await daemon.connect()
        defer { client.close() }
        if let get {
            var request = Oms_V1_GetProductionOrderRequest()
            request.productionOrderID = get
            let response: Oms_V1_GetProductionOrderResponse = try await client.unary(
                "oms.v1.OrderService/GetProductionOrder", request)
            return try Output.print(response, format: daemon.output) { OrderRows.detail(response.productionOrder) }
        }
        if !release.isEmpty {
            var request = Oms_V1_ReleaseProductionOrdersRequest()
            request.productionOrderIds = release
            let response: Oms_V1_ReleaseProductionOrdersResponse = try await client.unary(
                "oms.v1.OrderService/ReleaseProductionOrders", request)
            return try Output.print(response, format: daemon.output) {
                response.productionOrders.map { ($0.productionOrderID, OrderRows.summary($0)) }
            }
        }
        var request = Oms_V1_ListProductionOrdersRequest()
        request.plantID = plant
        request.orderID = order
        request.itemID = item
        request.pageSize = limit
        request.pageToken = pageToken
        request.states = try state.map { name in
            guard let value = OrderRows.lotStates[name.uppercased().replacingOccurrences(of: "-", with: "_")] else {
                throw ValidationError("unknown production order state '\(name)'")
            }
            return value
        }
        let response: Oms_V1_ListProductionOrdersResponse = try await client.unary(
            "oms.v1.OrderService/ListProductionOrders", request)
        try Output.print(response, format: daemon.output) {
            response.productionOrders.map { ($0.productionOrderID, OrderRows.summary($0)) }
                + (response.nextPageToken.isEmpty ? [] : [("next page", "--page-token \(response.nextPageToken)")])
        }
    }
}
