public import Logging

/// Several group-commit writers ("lanes"), each with its own thread and
/// connection; a shard always goes to the same lane, so its units stay in
/// order. While one lane waits for its COMMIT's WAL flush, another runs its
/// statements, and PostgreSQL flushes their commits together.
public final class ShardedJournalWriter: Sendable {
    public let lanes: [JournalWriter]

    public init(
        connectionString: String, lanes count: Int = 2, configuration: GroupCommitConfiguration = .groupCommit,
        logger: Logger = Logger(label: "oms.store.journal")
    ) {
        lanes = (0..<max(1, count)).map { lane in
            JournalWriter(
                connectionString: connectionString, configuration: configuration, name: "journal-\(lane)",
                logger: logger)
        }
    }

    /// Starts every lane; returns whether all connected within `timeout`.
    @discardableResult
    public func start(timeout: Duration = .seconds(10)) -> Bool {
        lanes.map { $0.start(timeout: timeout) }.allSatisfy { $0 }
    }

    public func submit(_ unit: JournalUnit) throws(StoreError) {
        try lane(for: unit.shard).submit(unit)
    }

    public func stop() {
        for lane in lanes { lane.stop() }
    }

    public var isAvailable: Bool { lanes.allSatisfy(\.isAvailable) }

    /// A stable hash (FNV-1a), not `hashValue`, which changes per process.
    public func lane(for shard: String) -> JournalWriter {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in shard.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return lanes[Int(hash % UInt64(lanes.count))]
    }
}
