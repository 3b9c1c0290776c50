import ArgumentParser
import Foundation
import OMSClient
import OMSProto

struct OrderWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Stream order events until interrupted.",
        discussion: """
            One line per event: PLANT#SEQUENCE, time, order, action, new state, actor. \
            With --output json, each event as one JSON line. \
            Resume after PLANT#SEQ with --after PLANT=SEQ.
            """
    )

    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Only this plant; repeat for more.") var plant: [String] = []
    @Option(help: "Only this order id; repeat for more.") var order: [String] = []
    @Option(help: "Only this customer's orders; repeat for more.") var customer: [String] = []
    @Option(help: "PLANT=SEQ: start after that sequence of that plant; repeat for more plants.") var after: [String] = []
    @Flag(help: "Replay every kept event first (plants without --after), then live ones.") var fromOldest = false

    func validate() throws {
        _ = try positions()
    }

    func run() async throws {
        var request = Oms_V1_WatchEventsRequest()
        request.plantIds = plant
        request.orderIds = order
        request.customerIds = customer
        request.kinds = [.order]
        request.afterSequence = try positions()
        request.start = fromOldest ? .oldest : .now
        let client = try await daemon.connect()
        defer { client.close() }
        // --timeout bounds single answers; a watch runs until interrupted.
        let options = CallOptions(timeout: .seconds(365 * 86_400))
        let events: ServerStreamResponses<Oms_V1_Event> = client.serverStream(
            "oms.v1.WatchService/Watch", request, options: options)
        for try await event in events {
            guard case .order(let change) = event.payload else { continue }
            switch daemon.output {
            case .json: print(try event.jsonString())
            case .table: print(Self.row(event, change))
            }
            // Piped output (jq, a log) should see each event as it happens.
            fflush(nil)
        }
    }

    private func positions() throws -> [String: UInt64] {
        var positions: [String: UInt64] = [:]
        for text in after {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, let sequence = UInt64(parts[1]) else {
                throw ValidationError("--after takes PLANT=SEQ, got '\(text)'")
            }
            positions[String(parts[0])] = sequence
        }
        return positions
    }

    static func row(_ event: Oms_V1_Event, _ change: Oms_V1_OrderEvent) -> String {
        let entry = change.entry
        let actor = entry.actor.isEmpty ? "-" : entry.onBehalfOf.isEmpty ? entry.actor : "\(entry.actor) for \(entry.onBehalfOf)"
        return ["\(event.plantID)#\(event.sequence)", OrderRows.time(event.time), change.order.orderID,
                actionName(entry.action), OrderRows.stateName(entry.newState), actor]
            .joined(separator: "  ")
    }

    /// HOLD_RELEASED rather than the Swift case name holdReleased, as the contract spells it.
    static func actionName(_ action: Oms_V1_OrderAction) -> String {
        String(describing: action).reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
    }
}
