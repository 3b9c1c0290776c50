import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

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
