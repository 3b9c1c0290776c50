import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

struct StockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Inventory: figures and ATP, receipts, adjustments, reservations, expected receipts.",
        subcommands: [
            StockShowCommand.self, StockReceiveCommand.self, StockAdjustCommand.self, StockReserveCommand.self,
            StockReleaseCommand.self, StockConfirmCommand.self, StockExpectCommand.self,
        ]
    )

    /// "ITEM:QTY[@LOCATION]" -> a stock line.
    static func line(_ text: String) throws -> Oms_V1_StockLine {
        let (head, location) = text.split(separator: "@", maxSplits: 1).map(String.init).pair
        let parts = head.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw ValidationError("'\(text)' is not ITEM:QUANTITY[@LOCATION]") }
        var line = Oms_V1_StockLine()
        line.itemID = parts[0]
        line.quantity = parts[1]
        line.locationID = location ?? ""
        return line
    }

    /// ISO 8601 time, or "+N" hours from now.
    static func time(_ text: String) throws -> Google_Protobuf_Timestamp {
        if text.hasPrefix("+"), let hours = Double(text.dropFirst()) {
            return Google_Protobuf_Timestamp(date: Date().addingTimeInterval(hours * 3_600))
        }
        return try OrderSplitCommand.time(text)
    }

    static func rows(_ balance: Oms_V1_StockBalance) -> (String, String) {
        let place = balance.locationID.isEmpty ? balance.itemID : "\(balance.itemID)@\(balance.locationID)"
        return (place, "on hand \(balance.onHand)  reserved \(balance.reserved)  available \(balance.available)  "
            + "on order \(balance.onOrder) \(balance.unit)")
    }

    static func rows(_ reservation: Oms_V1_Reservation) -> [(String, String)] {
        [("reservation", "\(reservation.reservationID)  \(reservation.state)  v\(reservation.version)"),
         ("expires", reservation.hasExpiresAt ? ISO8601DateFormatter().string(from: reservation.expiresAt.date) : "firm")]
            + reservation.lines.map { ("  \($0.itemID)", "\($0.quantityOpen) of \($0.quantity) \($0.unit) held") }
    }
}

extension Array where Element == String {
    fileprivate var pair: (String, String?) { (first ?? "", count > 1 ? self[1] : nil) }
}

struct StockShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Figures of items now; with --horizon also available-to-promise by date (atp).",
        aliases: ["atp"])

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Plant.") var plant: String
    @Argument(help: "Items.") var items: [String]
    @Option(help: "Only this location.") var location: String = ""
    @Option(help: "ATP up to this time (ISO 8601, or +HOURS).") var horizon: String?

    func run() async throws {
        var request = Oms_V1_StockAvailabilityRequest()
        request.plantID = plant
        request.itemIds = items
        request.locationID = location
        if let horizon { request.horizonEnd = try StockCommand.time(horizon) }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_StockAvailabilityResponse = try await client.unary(
            "oms.v1.InventoryService/Availability", request)
        try Output.print(response, format: daemon.output) {
            response.items.flatMap { item in
                [StockCommand.rows(item.balance)] + item.atp.map { point in
                    ("  " + ISO8601DateFormatter().string(from: point.time.date),
                     "ATP \(point.availableToPromise)  (+\(point.receipts) -\(point.demand))")
                }
            }
        }
    }
}

struct StockReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receive", abstract: "Book stock in.")

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Plant.") var plant: String
    @Argument(help: "Lines: ITEM:QUANTITY[@LOCATION].") var lines: [String]
    @Option(help: "The expected receipt this fulfils.") var expected: String = ""
    @Option(help: "Document reference.") var reference: String = ""

    func run() async throws {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.lines = try lines.map(StockCommand.line)
        request.kind = .purchase
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

struct StockReserveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve", abstract: "Reserve every line or none.")

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Plant.") var plant: String
    @Argument(help: "Lines: ITEM:QUANTITY[@LOCATION].") var lines: [String]
    @Option(help: "External reference it is for.") var reference: String
    @Option(help: "Expiry (ISO 8601, or +HOURS); default: the daemon's hold.") var expires: String?
    @Flag(help: "Never expires.") var firm = false

    func run() async throws {
        var request = Oms_V1_ReserveStockRequest()
        request.plantID = plant
        request.lines = try lines.map(StockCommand.line)
        request.externalReference = reference
        request.firm = firm
        if let expires { request.expiresAt = try StockCommand.time(expires) }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_ReserveStockResponse = try await client.unary("oms.v1.InventoryService/Reserve", request)
        try Output.print(response, format: daemon.output) { StockCommand.rows(response.reservation) }
    }
}

struct StockReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Return reserved stock (all of it, or the lines given).")

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "Reservation id.") var reservationID: String
    @Argument(help: "Lines: ITEM:QUANTITY[@LOCATION]; none = everything still held.") var lines: [String] = []
    @Option(help: "Why.") var reason: String = ""

    func run() async throws {
        var request = Oms_V1_ReleaseReservationRequest()
        request.reservationID = reservationID
        request.lines = try lines.map(StockCommand.line)
        request.reason = reason
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_ReleaseReservationResponse = try await client.unary("oms.v1.InventoryService/Release", request)
        try Output.print(response, format: daemon.output) { StockCommand.rows(response.reservation) }
    }
}

struct StockConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm", abstract: "Make a reservation firm, or move its expiry with --expires.")

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "Reservation id.") var reservationID: String
    @Option(help: "New expiry (ISO 8601, or +HOURS).") var expires: String?

    func run() async throws {
        var request = Oms_V1_ConfirmReservationRequest()
        request.reservationID = reservationID
        if let expires { request.expiresAt = try StockCommand.time(expires) }
        let client = try await daemon.connect()
        defer { client.close() }
        let response: Oms_V1_ConfirmReservationResponse = try await client.unary(
            "oms.v1.InventoryService/ConfirmReservation", request)
        try Output.print(response, format: daemon.output) { StockCommand.rows(response.reservation) }
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
