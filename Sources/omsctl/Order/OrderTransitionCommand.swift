import ArgumentParser
import OMSClient
import OMSProto

/// approve, hold, release-hold and cancel: one order, a reason, optionally the version read.
struct OrderTransitionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change an order's state: approve, hold, release-hold or cancel."
    )

    enum Transition: String, ExpressibleByArgument, CaseIterable {
        case approve, hold, releaseHold = "release-hold", cancel
    }

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "approve, hold, release-hold or cancel.") var transition: Transition
    @Argument(help: "Order id.") var orderID: String
    @Option(help: "Why (required for hold and cancel).") var reason: String = ""
    @Option(help: "Refuse unless the order is at this version (0 = no check).") var expectedVersion: UInt64 = 0

    func run() async throws {
        let client = try await daemon.connect()
        defer { client.close() }
        let order: Oms_V1_Order
        switch transition {
        case .approve:
            var request = Oms_V1_ApproveOrderRequest()
            (request.orderID, request.reason, request.expectedVersion) = (orderID, reason, expectedVersion)
            order = (try await client.unary("oms.v1.OrderService/Approve", request) as Oms_V1_ApproveOrderResponse).order
        case .hold:
            var request = Oms_V1_HoldOrderRequest()
            (request.orderID, request.reason, request.expectedVersion) = (orderID, reason, expectedVersion)
            order = (try await client.unary("oms.v1.OrderService/Hold", request) as Oms_V1_HoldOrderResponse).order
        case .releaseHold:
            var request = Oms_V1_ReleaseOrderHoldRequest()
            (request.orderID, request.reason, request.expectedVersion) = (orderID, reason, expectedVersion)
            order = (try await client.unary("oms.v1.OrderService/ReleaseHold", request) as Oms_V1_ReleaseOrderHoldResponse).order
        case .cancel:
            var request = Oms_V1_CancelOrderRequest()
            (request.orderID, request.reason, request.expectedVersion) = (orderID, reason, expectedVersion)
            order = (try await client.unary("oms.v1.OrderService/Cancel", request) as Oms_V1_CancelOrderResponse).order
        }
        try Output.print(order, format: daemon.output) { OrderRows.detail(order) }
    }
}

struct OrderExpediteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "expedite", abstract: "Mark (or --clear) a rush order.")

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "Order id.") var orderID: String
    @Option(help: "Why.") var reason: String = ""
    @Flag(help: "Remove the rush mark instead.") var clear = false

    func run() async throws {
        var request = Oms_V1_ExpediteOrderRequest()
        request.orderID = orderID
        request.reason = reason
        request.clear = clear
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_ExpediteOrderResponse = try await client.unary("oms.v1.OrderService/Expedite", request)
        try Output.print(response, format: daemon.output) { OrderRows.detail(response.order) }
    }
}
