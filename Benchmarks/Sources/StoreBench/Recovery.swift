import Foundation
import OMSStore

/// Loads `events` journal rows for one shard server-side (set-up, not
/// measured), then times reading them back through `JournalReader` the way
/// recovery does, folding each event into a checksum so nothing is skipped.
func measureRecovery(connectionString: String, events: Int) throws {
    let connection = try PGConnection(connectionString: connectionString)
    let shard = "recovery-\(UUID().uuidString.prefix(8))"
    let payload = [UInt8](repeating: 0x5A, count: 112)
    let loadStart = ContinuousClock.now
    try connection.execute("BEGIN")
    try connection.execute(
        """
        INSERT INTO journal (shard, seq, event_type, payload, command_id)
        SELECT $1, g, 'BenchEvent', $2 || int8send(g), 'cmd-' || g FROM generate_series(1, $3) AS g
        """,
        [.text(shard), .bytes(payload), .int64(Int64(events))])
    try connection.execute(
        "INSERT INTO journal_heads (shard, last_seq) VALUES ($1, $2)", [.text(shard), .int64(Int64(events))])
    try connection.execute("COMMIT")
    try connection.execute("VACUUM ANALYZE journal")
    print("recovery: loaded \(events) events of \(payload.count + 8) payload bytes in \(loadStart.duration(to: .now))")

    for pageSize in [20_000, 100_000] {
        let reader = JournalReader(connection: connection, pageSize: pageSize)
        var count = 0
        var checksum: UInt64 = 0
        let start = ContinuousClock.now
        let last = try reader.recover(
            shard: shard, snapshot: { _ in },
            event: { event in
                count += 1
                checksum = checksum &+ UInt64(event.seq) &+ UInt64(event.payload.count)
            })
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            String(
                format: "recovery: read %d events (last seq %lld, page %d) in %.2f s = %.0f events/s (checksum %llu)",
                count, last, pageSize, seconds, Double(count) / seconds, checksum))
    }
}
