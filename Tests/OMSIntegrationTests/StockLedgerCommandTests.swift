import Foundation
import OMSClient
import OMSProto
import Testing

/// `omsctl stock ledger` against the real daemon: it follows every page (a
/// receipt of 1001 lines is more than the largest page), its filters select
/// what the RPC selects, and page_size above 1000 is served as 1000.
@Suite("omsctl stock ledger", .serialized)
struct StockLedgerCommandTests {
    static func ledger(_ arguments: [String], _ daemon: DaemonProcess) async throws -> CommandProcess {
        try await CommandProcess.run(ImportTests.omsctl(), ["stock", "ledger"] + arguments + ["--socket", daemon.socketPath])
    }

    /// The movement ids of omsctl's JSON output.
    static func ids(_ run: CommandProcess) throws -> [String] {
        #expect(run.status == 0, "omsctl failed: \(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let movements = object["movements"] as? [[String: Any]] ?? []
        return movements.map { ($0["movementId"] as? String) ?? "?" }
    }

    @Test func followsEveryPageFiltersAndCapsThePageSize() async throws {
        let daemon = try await DaemonProcess.start()
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }

        let lines = (0..<1001).map { (item: "PART-\($0)", location: "", quantity: "\($0 % 7 + 1)") }
        let receipt = try await client.receive(plant: "P2", lines: lines, reference: "BIG-1")
        let scrap = try await client.adjust(plant: "P2", item: "PART-3", delta: "-1", reason: .scrap, text: "bent")
        let all = try await client.ledger(plant: "P2")
        #expect(all.map(\.movementID) == receipt.movements.map(\.movementID) + [scrap.movement.movementID])

        // Above the maximum: served as 1000.
        var request = Oms_V1_StockLedgerRequest()
        request.plantID = "P2"
        request.pageSize = 5000
        let capped = try await client.ledgerPage(request)
        #expect(capped.movements.count == 1000 && !capped.nextPageToken.isEmpty)

        let json = ["--output", "json"]
        #expect(try Self.ids(try await Self.ledger(["P2"] + json, daemon)) == all.map(\.movementID), "every page")
        #expect(try Self.ids(try await Self.ledger(["P2", "--page-size", "7"] + json, daemon)) == all.map(\.movementID))
        #expect(try Self.ids(try await Self.ledger(["P2", "--kind", "scrap"] + json, daemon)) == [scrap.movement.movementID])
        #expect(try Self.ids(try await Self.ledger(["P2", "--item", "PART-3"] + json, daemon)).count == 2)
        #expect(try Self.ids(try await Self.ledger(["P2", "--reference", "BIG-1", "--page-size", "300"] + json, daemon)).count == 1001)
        #expect(try Self.ids(try await Self.ledger(["P2", "--since", "+1"] + json, daemon)).isEmpty, "nothing in the future")
        #expect(try Self.ids(try await Self.ledger(["P2", "--since=-1", "--until", "+1"] + json, daemon)).count == 1002, "the last hour")

        let table = try await Self.ledger(["P2", "--kind", "scrap"], daemon)
        #expect(table.status == 0 && table.stdout.contains("SCRAP") && table.stdout.contains("bent"), "\(table.stdout)")
        let badKind = try await Self.ledger(["P2", "--kind", "theft"], daemon)
        #expect(badKind.status != 0 && badKind.stderr.contains("theft"), "\(badKind.stderr)")
        #expect(await daemon.terminate() == 0)
        stopped = true
    }
}
