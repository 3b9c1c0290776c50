internal import Foundation
public import Logging

/// Encodes and saves shard snapshots on a thread of its own, after the
/// events they cover have committed. Encoding a large state and inserting it
/// inside the group commit held up the shard and every other shard's commit
/// for seconds; a snapshot needs no such atomicity, because it is valid as
/// soon as the events up to its seq are durable, and recovery falls back to
/// an older one (or the whole journal) when it is missing.
///
/// The caller hands over a closure over a value copy of the state, not the
/// bytes: encoding a plant of millions of records takes seconds, and whoever
/// hands it over (the shard's committed-state thread, which feeds watch
/// streams) goes on at once.
///
/// Latest wins: a shard's snapshot still waiting when a newer one arrives is
/// dropped, and the state it held with it. Each write deletes the shard's
/// older snapshots (recovery reads only the newest). A failed write is
/// logged and left to the next snapshot.
public final class SnapshotWriter: Sendable {
    /// Produces the snapshot's bytes; called on the writer's thread.
    public typealias Encode = @Sendable () -> [UInt8]

    private struct Pending {
        var byShard: [String: (seq: Int64, encode: Encode)] = [:]
        var stopping = false
        var stopped = false
    }

    private let state = ConditionLocked(Pending())
    private let connectionString: String
    private let logger: Logger

    public init(connectionString: String, logger: Logger = Logger(label: "omsd.snapshots")) {
        self.connectionString = connectionString
        self.logger = logger
    }

    public func start() {
        Thread { [self] in
            Thread.current.name = "snapshots"  // from inside: see JournalWriter.start
            run()
        }.start()
    }

    /// Queues the snapshot of `shard` at `seq` (events up to `seq` must be
    /// committed) and returns; `encode` runs later, on this writer's thread.
    public func save(shard: String, seq: Int64, encode: @escaping Encode) {
        state.withLock { pending in
            if let queued = pending.byShard[shard], queued.seq >= seq { return }
            pending.byShard[shard] = (seq, encode)
        }
        state.signal()
    }

    /// Finishes the snapshot being written, drops the rest, and returns once the thread is gone.
    public func stop() {
        state.withLock { $0.stopping = true }
        state.signal()
        state.waitFor { pending in (pending.stopped ? () : nil, Date().addingTimeInterval(0.05)) }
    }

    private func run() {
        var connection: PGConnection?
        while true {
            // nil = stop.
            let work: [(shard: String, seq: Int64, encode: Encode)]? = state.waitFor { pending in
                if pending.stopping { return (.some(nil), nil) }
                guard !pending.byShard.isEmpty else { return (nil, nil) }
                let taken = pending.byShard.sorted { $0.key < $1.key }.map {
                    (shard: $0.key, seq: $0.value.seq, encode: $0.value.encode)
                }
                pending.byShard = [:]
                return (.some(taken), nil)
            }
            guard let work else { break }
            for snapshot in work {
                let started = ContinuousClock.now
                let payload = snapshot.encode()
                let encoded = ContinuousClock.now
                do {
                    let live = try connection ?? PGConnection(connectionString: connectionString)
                    connection = live
                    try write(shard: snapshot.shard, seq: snapshot.seq, payload: payload, on: live)
                    logger.info(
                        "snapshot of shard \(snapshot.shard) at seq \(snapshot.seq): \(payload.count) bytes, encoded in \(encoded - started), saved in \(ContinuousClock.now - encoded)")
                } catch {
                    logger.warning("snapshot of shard \(snapshot.shard) at seq \(snapshot.seq) not saved: \(error)")
                    connection?.close()
                    connection = nil
                }
            }
        }
        connection?.close()
        state.withLock { $0.stopped = true }
        state.signal()
    }

    private func write(shard: String, seq: Int64, payload: [UInt8], on connection: PGConnection) throws {
        try connection.execute("BEGIN")
        do {
            try connection.execute(
                "INSERT INTO snapshots (shard, seq, payload) VALUES ($1, $2, $3) ON CONFLICT (shard, seq) DO NOTHING",
                [.text(shard), .int64(seq), .bytes(payload)])
            try connection.execute("DELETE FROM snapshots WHERE shard = $1 AND seq < $2", [.text(shard), .int64(seq)])
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
