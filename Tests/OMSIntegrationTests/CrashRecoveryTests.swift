import Foundation
import OMSClient
import OMSProto
import OMSStore
import Synchronization
import Testing

/// The real daemon, killed with SIGKILL again and again under a stream of
/// acknowledged reservations: nothing acknowledged may be lost, nothing may
/// count twice, and the tables must agree with the state rebuilt from the journal.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    static let plant = "P1"
    static let item = "STEEL-BAR"

    /// Reservations whose acknowledgement reached a client: key -> reservation id.
    final class Acknowledged: Sendable {
        private let byKey = Mutex<[String: String]>([:])
        func record(_ key: String, _ id: String) { byKey.withLock { $0[key] = id } }
        var all: [String: String] { byKey.withLock { $0 } }
    }

    final class StopFlag: Sendable {
        private let flag = Mutex(false)
        var isSet: Bool { flag.withLock { $0 } }
        func set() { flag.withLock { $0 = true } }
    }

    @Test func sigkillUnderLoadLosesNothingAcknowledged() async throws {
        let acknowledged = Acknowledged()
        // Frequent snapshots, so restarts recover from a snapshot plus a journal tail.
        let arguments = ["--snapshot-every", "40"]
        var daemon = try await DaemonProcess.start(extraArguments: arguments)
        do {
            let client = try await OMSClient.connect(to: daemon.unix)
            _ = try await client.receive(plant: Self.plant, item: Self.item, quantity: "1000000")
            client.close()
        }

        var generator = SystemRandomNumberGenerator()
        var keyCounter = 0
        for round in 0..<20 {
            let client = try await OMSClient.connect(to: daemon.unix)
            let stop = StopFlag()
            let workers = (0..<8).map { worker in
                let base = keyCounter + worker * 1_000_000
                return Task {
                    var n = 0
                    while !stop.isSet {
                        n += 1
                        let key = "round\(round)-w\(worker)-\(base + n)"
                        guard let reservation = try? await client.reserve(plant: Self.plant, item: Self.item, quantity: "1", key: key) else {
                            return
                        }
                        acknowledged.record(key, reservation.reservationID)
                    }
                }
            }
            keyCounter += 8_000_000
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...600, using: &generator)))
            await daemon.kill()
            stop.set()
            for worker in workers { await worker.value }
            client.close()
            daemon = try await DaemonProcess.start(reusing: daemon, extraArguments: arguments)
        }

        let acked = acknowledged.all
        #expect(acked.count > 100, "the load produced acknowledgements (\(acked.count))")
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }

        // Every acknowledged reservation is there, once, with what was reserved.
        var missing = 0
        for (_, id) in acked {
            guard let reservation = try? await client.reservation(id), reservation.lines.first?.quantity == "1" else {
                missing += 1
                continue
            }
        }
        #expect(missing == 0, "\(missing) of \(acked.count) acknowledged reservations are missing")
        #expect(Set(acked.values).count == acked.count, "two keys were given the same reservation")

        // Replaying an acknowledged key returns the same reservation and reserves nothing more.
        let before = try await client.balance(plant: Self.plant, item: Self.item)
        for (key, id) in acked.prefix(200) {
            #expect(try await client.reserve(plant: Self.plant, item: Self.item, quantity: "1", key: key).reservationID == id)
        }
        let after = try await client.balance(plant: Self.plant, item: Self.item)
        #expect(after.reserved == before.reserved)

        // Each reservation holds one unit: reserved counts every durable reservation exactly once,
        // at least the acknowledged ones and at most those plus the ones in flight at each kill.
        let reserved = try #require(Int(after.reserved))
        #expect(reserved >= acked.count)
        #expect(reserved <= acked.count + 20 * 8)
        #expect(after.onHand == "1000000")

        // The tables, written in the same transactions as the journal, agree with the replayed state.
        let connection = try PGConnection(connectionString: try await daemon.databaseConnectionString())
        defer { connection.close() }
        let row = try connection.execute(
            "SELECT on_hand::text, reserved::text FROM stock WHERE shard = $1 AND item = $2",
            [.text(Self.plant), .text(Self.item)]
        )
        #expect(row.count == 1)
        #expect(Double(row.string(row: 0, column: 0) ?? "") == Double(after.onHand))
        #expect(Double(row.string(row: 0, column: 1) ?? "") == Double(after.reserved))
        let lines = try connection.execute(
            "SELECT count(*), coalesce(sum(quantity), 0)::text FROM reservation_lines WHERE shard = $1 AND item = $2 AND status = 'ACTIVE'",
            [.text(Self.plant), .text(Self.item)]
        )
        #expect(lines.int64(row: 0, column: 0) == Int64(reserved), "one open reservation line per reservation")
        #expect(Double(lines.string(row: 0, column: 1) ?? "") == Double(reserved))
        let projected = try connection.execute("SELECT reservation_id FROM reservation_lines WHERE shard = $1", [.text(Self.plant)])
        let projectedIDs = Set((0..<projected.count).compactMap { projected.string(row: $0, column: 0) })
        #expect(Set(acked.values).isSubset(of: projectedIDs), "every acknowledged reservation has its row")
        let events = try connection.execute("SELECT count(*), max(seq) FROM journal WHERE shard = $1", [.text(Self.plant)])
        #expect(events.int64(row: 0, column: 0) == events.int64(row: 0, column: 1), "journal sequence has no gaps")
        #expect(events.int64(row: 0, column: 0) == Int64(reserved) + 1, "one event per reservation plus the receipt")
        let snapshots = try connection.execute("SELECT count(*) FROM snapshots WHERE shard = $1", [.text(Self.plant)])
        #expect((snapshots.int64(row: 0, column: 0) ?? 0) > 0, "recoveries started from snapshots")

        #expect(await daemon.terminate() == 0, "a clean stop, which also stops the embedded PostgreSQL")
    }
}
