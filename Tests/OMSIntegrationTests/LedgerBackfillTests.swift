import Foundation
import OMSClient
import OMSProto
import OMSStore
import Testing

/// A database from before the ledger (schema version 4) gets the movements
/// its journal already holds copied into the ledger once, at the next start,
/// with the same figures the projection would have written; a copy left
/// undone by a crash is finished later without repeating what the projection
/// wrote meanwhile.
@Suite("Ledger backfill", .serialized)
struct LedgerBackfillTests {
    static let plant = "P1"

    static func sql(_ daemon: DaemonProcess, _ statements: [(String, [PGValue])]) async throws {
        let connectionString = try await daemon.databaseConnectionString()
        try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            for (statement, parameters) in statements { try connection.execute(statement, parameters) }
        }
    }

    static func book(_ client: OMSClient, round: Int) async throws {
        _ = try await client.receive(plant: plant, lines: [("BOLT", "A", "10"), ("BOLT", "A", "2.5"), ("NUT", "", "7")], reference: "PO-\(round)")
        _ = try await client.adjust(plant: plant, item: "BOLT", location: "A", counted: "11", reason: .count, text: "count \(round)")
        _ = try await client.adjust(plant: plant, item: "NUT", delta: "-1", reason: .scrap, text: "bent")
        let reservation = try await client.reserve(plant: plant, lines: [("BOLT", "A", "2"), ("NUT", "", "1")], reference: "r-\(round)")
        _ = try await client.consume(reservation.reservationID, reference: "SHIP-\(round)", reason: "ship")
    }

    @Test func movementsJournaledBeforeTheLedgerAreCopiedOnce() async throws {
        var daemon = try await DaemonProcess.start()
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }
        var client = try await OMSClient.connect(to: daemon.unix)
        try await Self.book(client, round: 1)
        let original = try await client.ledger(plant: Self.plant)
        #expect(original.count == 7)
        client.close()
        #expect(await daemon.terminate() == 0)

        // Back to schema version 4: the journal and stock as they were, no ledger.
        try await Self.sql(daemon, [
            ("DROP TABLE stock_movements, stock_movements_backfill", []),
            ("DELETE FROM schema_migrations WHERE version = 5", []),
        ])
        daemon = try await DaemonProcess.start(reusing: daemon)
        client = try await OMSClient.connect(to: daemon.unix)
        #expect(try await client.ledger(plant: Self.plant) == original, "copied with the projection's figures")
        try await Self.book(client, round: 2)
        let grown = try await client.ledger(plant: Self.plant)
        #expect(grown.count == 14 && Array(grown.prefix(7)) == original)
        #expect(LedgerChecks.runningBalanceProblems(grown) == [])
        #expect(try await LedgerChecks.tableMismatches(daemon, plant: Self.plant) == 0)
        client.close()
        #expect(await daemon.terminate() == 0)

        // A copy that did not finish before the projection wrote later movements.
        let cut = grown[3].sequence
        try await Self.sql(daemon, [
            ("DELETE FROM stock_movements WHERE shard = $1 AND seq <= $2", [.text(Self.plant), .int64(Int64(cut))]),
            ("INSERT INTO stock_movements_backfill VALUES ($1, $2)", [.text(Self.plant), .int64(Int64(cut))]),
        ])
        daemon = try await DaemonProcess.start(reusing: daemon)
        client = try await OMSClient.connect(to: daemon.unix)
        #expect(try await client.ledger(plant: Self.plant) == grown, "finished without repeating a movement")
        client.close()

        // Nothing left to do: a plain restart changes nothing.
        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon)
        client = try await OMSClient.connect(to: daemon.unix)
        #expect(try await client.ledger(plant: Self.plant) == grown)
        client.close()
        #expect(await daemon.terminate() == 0)
        stopped = true
    }
}
