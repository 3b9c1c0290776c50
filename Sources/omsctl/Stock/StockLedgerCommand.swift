import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

struct StockLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Movements of on-hand stock in a plant, oldest first (every page).")

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "Plant.") var plant: String
    @Option(help: "Only this item.") var item: String = ""
    @Option(help: "Only this location.") var location: String = ""
    @Option(help: "Only these kinds (receipt, issue, adjustment, scrap, transfer-in, transfer-out); repeat for more.")
    var kind: [String] = []
    @Option(help: "Only movements with this reservation, transfer, expected receipt id or reference.")
    var reference: String = ""
    @Option(help: "From this time on (ISO 8601, or +HOURS / -HOURS from now: --since=-24).") var since: String?
    @Option(help: "Before this time (ISO 8601, or +HOURS / -HOURS from now).") var until: String?
    @Option(help: "Movements per request (0 = the daemon's default, at most 1000).") var pageSize: UInt32 = 1000

    func run() async throws {
        var request = Oms_V1_StockLedgerRequest()
        request.plantID = plant
        request.itemID = item
        request.locationID = location
        request.kinds = try kind.map(Self.kind)
        request.reference = reference
        if let since { request.since = try Self.time(since) }
        if let until { request.until = try Self.time(until) }
        request.pageSize = pageSize
        let client = try await daemon.connect()
        defer { client.close() }
        // Every page, so the output is the whole ledger the filters select.
        var all = Oms_V1_StockLedgerResponse()
        repeat {
            let page: Oms_V1_StockLedgerResponse = try await client.unary("oms.v1.InventoryService/Ledger", request)
            all.movements += page.movements
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        try Output.print(all, format: daemon.output) { all.movements.map(Self.row) }
    }

    static func kind(_ text: String) throws -> Oms_V1_MovementKind {
        let name = text.uppercased().replacingOccurrences(of: "-", with: "_")
        let kinds: [String: Oms_V1_MovementKind] = [
            "RECEIPT": .receipt, "ISSUE": .issue, "ADJUSTMENT": .adjustment, "SCRAP": .scrap,
            "TRANSFER_OUT": .transferOut, "TRANSFER_IN": .transferIn,
        ]
        guard let kind = kinds[name.hasPrefix("MOVEMENT_KIND_") ? String(name.dropFirst(14)) : name] else {
            throw ValidationError("unknown movement kind '\(text)'")
        }
        return kind
    }

    /// ISO 8601, or signed hours from now ("-24" = a day ago).
    static func time(_ text: String) throws -> Google_Protobuf_Timestamp {
        if text.hasPrefix("-"), let hours = Double(text) {
            return Google_Protobuf_Timestamp(date: Date().addingTimeInterval(hours * 3_600))
        }
        return try StockCommand.time(text)
    }

    static func row(_ movement: Oms_V1_StockMovement) -> (String, String) {
        let place = movement.locationID.isEmpty ? movement.itemID : "\(movement.itemID)@\(movement.locationID)"
        let kind = String(describing: movement.kind).uppercased()
        let references = [
            movement.reservationID, movement.transferID, movement.expectedReceiptID, movement.reference, movement.reason,
        ].filter { !$0.isEmpty }.joined(separator: " ")
        return (
            "#\(movement.sequence) \(movement.movementID)",
            "\(ISO8601DateFormatter().string(from: movement.time.date))  \(kind)  \(place) \(movement.quantity) "
                + "\(movement.unit) -> \(movement.onHandAfter)  \(movement.actor)  \(references)"
        )
    }
}
