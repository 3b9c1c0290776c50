import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

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
