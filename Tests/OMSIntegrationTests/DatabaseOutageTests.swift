import Foundation
import OMSClient
import OMSProto
import OMSStore
import Synchronization
import Testing

/// PostgreSQL stopped and started again under load: the daemon keeps serving
/// reads, refuses writes with UNAVAILABLE while it is down, resumes by itself,
/// and loses nothing it acknowledged.
@Suite("Database outage", .serialized, .disabled(if: DaemonProcess.usesExternalDatabase, "stops the daemon's own embedded cluster"))
struct DatabaseOutageTests {
    final class Outcomes: Sendable {
        private let state = Mutex((acked: [String: String](), unavailable: 0, other: [String]()))
        func acked(_ key: String, _ id: String) { state.withLock { $0.acked[key] = id } }
        func failed(_ error: any Error) {
            state.withLock {
                if (error as? RPCError)?.code == .unavailable { $0.unavailable += 1 } else { $0.other.append("\(error)") }
            }
        }
        var snapshot: (acked: [String: String], unavailable: Int, other: [String]) { state.withLock { $0 } }
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    @Test func postgresRestartUnderLoadLosesNothingAcknowledged() async throws {
        let daemon = try await DaemonProcess.start()
        defer { daemon.terminateSync() }
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        _ = try await client.receive(plant: "P1", item: "BOLT", quantity: "1000000")

        let outcomes = Outcomes()
        let stop = Flag()
        let workers = (0..<8).map { worker in
            Task {
                var n = 0
                while !stop.isSet {
                    n += 1
                    let key = "w\(worker)-\(n)"
                    do {
                        outcomes.acked(key, try await client.reserve(plant: "P1", item: "BOLT", quantity: "1", key: key).reservationID)
                    } catch {
                        outcomes.failed(error)
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))

        // Stop the daemon's own embedded cluster, as an outage would.
        let dataDirectory = daemon.dataDirectory
        let cluster = try await offPool { try EmbeddedPostgres.start(EmbeddedPostgresConfiguration(dataDirectory: dataDirectory)) }
        try await offPool { try cluster.stop() }
        try await Task.sleep(for: .milliseconds(300))
        let during = try await client.checkHealth(component: "store")
        #expect(during.status == .degraded)
        // Reads from memory go on while the database is away.
        #expect(try await client.balance(plant: "P1", item: "BOLT").onHand == "1000000")
        // The ledger is read from PostgreSQL: UNAVAILABLE, never a wrong or empty answer.
        let ledgerError = await #expect(throws: RPCError.self) { _ = try await client.ledger(plant: "P1") }
        #expect(ledgerError?.code == .unavailable, "\(String(describing: ledgerError))")
        try await Task.sleep(for: .milliseconds(500))
        try await offPool { try cluster.restart() }

        // The daemon reconnects by itself: writes succeed again.
        var recovered = false
        for attempt in 0..<200 where !recovered {
            recovered = (try? await client.reserve(plant: "P1", item: "BOLT", quantity: "1", key: "after-\(attempt)")) != nil
            if !recovered { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(recovered, "writes resume without restarting the daemon")
        try await Task.sleep(for: .milliseconds(300))
        stop.set()
        for worker in workers { await worker.value }

        let result = outcomes.snapshot
        #expect(result.unavailable > 0, "the outage was seen as UNAVAILABLE")
        #expect(result.other.isEmpty, "no other kind of failure: \(result.other.prefix(3))")
        var missing = 0
        for (_, id) in result.acked where (try? await client.reservation(id)) == nil { missing += 1 }
        #expect(missing == 0, "\(missing) of \(result.acked.count) acknowledged reservations lost")
        #expect(try await client.checkHealth(component: "store").status == .serving)
        #expect(try await client.ledger(plant: "P1", kinds: [.receipt]).map(\.quantity) == ["1000000"], "the ledger is back")

        // A restart of the daemon rebuilds the same state from the journal.
        let reservedBefore = try await client.balance(plant: "P1", item: "BOLT").reserved
        #expect(Int(reservedBefore) ?? 0 >= result.acked.count)

        // Info tells the operator what happened to the journal: the lost
        // connection, the batches that failed with it, and group commit.
        let journal = try await client.serverInfo().journal
        #expect(journal.available)
        #expect(journal.connectionsLost >= 1)
        #expect(journal.batchesFailed >= 1)
        // The receipt and every acknowledged reservation, one event each.
        #expect(journal.eventsCommitted >= UInt64(result.acked.count + 1))
        #expect(journal.batchesCommitted >= journal.transactionsCommitted)
        #expect(journal.eventsCommitted >= journal.batchesCommitted)
        #expect(journal.commitMicros > 0)
        #expect(journal.batchesQueued == 0)
    }
}
