import ArgumentParser
import OMSClient
import OMSProto

struct OrderGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "One order, by id or business key.")

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "Order id (P1-O7), or SOURCE/EXTERNAL-ID.") var key: String

    func run() async throws {
        var request = Oms_V1_GetOrderRequest()
        if let slash = key.firstIndex(of: "/") {
            var external = Oms_V1_ExternalOrderRef()
            external.sourceSystem = String(key[..<slash])
            external.externalOrderID = String(key[key.index(after: slash)...])
            request.external = external
        } else {
            request.orderID = key
        }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_GetOrderResponse = try await client.unary("oms.v1.OrderService/Get", request)
        try Output.print(response, format: daemon.output) { OrderRows.detail(response.order) }
    }
}

struct OrderListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Orders by due date, filtered.")

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Only this plant.") var plant: String = ""
    @Option(help: "Only this customer.") var customer: String = ""
    @Option(help: "Only these states (RECEIVED, APPROVED, ...); repeat for more.") var state: [String] = []
    @Flag(help: "Only late orders.") var late = false
    @Option(help: "Orders per page (at most 1000).") var limit: UInt32 = 100
    @Option(help: "Continue from a previous page's next_page_token.") var pageToken: String = ""

    func run() async throws {
        var request = Oms_V1_ListOrdersRequest()
        request.plantID = plant
        request.customerID = customer
        request.lateOnly = late
        request.pageSize = limit
        request.pageToken = pageToken
        request.states = try state.map { name in
            guard let value = OrderRows.states[name.uppercased().replacingOccurrences(of: "-", with: "_")] else {
                throw ValidationError("unknown order state '\(name)'")
            }
            return value
        }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_ListOrdersResponse = try await client.unary("oms.v1.OrderService/List", request)
        try Output.print(response, format: daemon.output) {
            response.orders.enumerated().map { ("\($0.offset + 1)", OrderRows.summary($0.element)) }
                + (response.nextPageToken.isEmpty ? [] : [("next page", "--page-token \(response.nextPageToken)")])
        }
    }
}

struct OrderHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "An order's audit trail.")

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "Order id.") var orderID: String

    func run() async throws {
        var request = Oms_V1_OrderHistoryRequest()
        request.orderID = orderID
        request.pageSize = 1000
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_OrderHistoryResponse = try await client.unary("oms.v1.OrderService/History", request)
        try Output.print(response, format: daemon.output) {
            response.entries.map { entry in
                let who = entry.onBehalfOf.isEmpty ? entry.actor : "\(entry.actor) for \(entry.onBehalfOf)"
                let what = String(describing: entry.action).uppercased()
                let why = entry.reason.isEmpty ? "" : " (\(entry.reason))"
                return ("#\(entry.sequence) v\(entry.version)", "\(OrderRows.time(entry.time))  \(what)  \(who)\(why)")
            }
        }
    }
}
