import Foundation
import Logging
import OMSCore
import OMSEngine
import OMSProto
import OMSServices
import OMSStore
import Synchronization

typealias InventoryShard = Shard<InventoryState, InventoryJournal>

/// One single-writer shard per plant: recovered from the journal at start,
/// created on first use for a new plant.
final class PlantShards: InventoryBackend {
    private let shards = Mutex<[String: InventoryShard]>([:])
    private let journal: InventoryJournal
    private let queueCapacity: Int
    private let snapshotInterval: Int64
    private let maxCommandsPerCommit: Int

    init(journal: InventoryJournal, queueCapacity: Int, snapshotInterval: Int64, maxCommandsPerCommit: Int) {
        self.journal = journal
        self.queueCapacity = queueCapacity
        self.snapshotInterval = snapshotInterval
        self.maxCommandsPerCommit = maxCommandsPerCommit
    }

    /// Rebuilds every plant that has a journal: its latest snapshot plus every event after it.
    func recover(connection: PGConnection, logger: Logger) throws -> (plants: Int, events: Int64) {
        var plants = 0
        var events: Int64 = 0
        let heads = try connection.execute("SELECT shard FROM journal_heads ORDER BY shard")
        let names = (0..<heads.count).map { heads.string(row: $0, column: 0) ?? "" }
        for plant in names where !plant.isEmpty {
            let started = ContinuousClock.now
            var state = InventoryState(plantID: plant)
            var applied: Int64 = 0
            var fromSnapshot: Int64 = 0
            let lastSeq = try JournalReader(connection: connection).recover(shard: plant, snapshot: { snapshot in
                guard let snapshot else { return }
                state = InventoryState(snapshot: try Oms_Journal_V1_InventorySnapshot(serializedBytes: snapshot.payload))
                fromSnapshot = snapshot.seq
            }) { event in
                state.apply(try InventoryJournal.decode(event))
                applied += 1
            }
            install(InventoryShard(
                id: plant, state: state, lastSeq: lastSeq, sink: journal,
                queueCapacity: queueCapacity, snapshotInterval: snapshotInterval, maxCommandsPerCommit: maxCommandsPerCommit
            ))
            plants += 1
            events += applied
            logger.info("recovered plant \(plant): snapshot at seq \(fromSnapshot) + \(applied) events up to seq \(lastSeq) in \(ContinuousClock.now - started)")
        }
        return (plants, events)
    }

    func submit(plant: String, _ command: InventoryCommand, context: CommandContext, reply: @escaping Reply) {
        shard(plant).submit(command, context: context, commandID: context.idempotencyKey, reply: reply)
    }

    func read<T>(plant: String, _ body: (InventoryState) throws -> T) rethrows -> T? {
        guard let shard = shards.withLock({ $0[plant] }) else { return nil }
        return try shard.read(body)
    }

    func stopAll() async {
        let all = shards.withLock { Array($0.values) }
        for shard in all { await shard.stop() }
    }

    private func shard(_ plant: String) -> InventoryShard {
        let (shard, isNew) = shards.withLock { shards -> (InventoryShard, Bool) in
            if let existing = shards[plant] { return (existing, false) }
            let created = InventoryShard(
                id: plant, state: InventoryState(plantID: plant), lastSeq: 0, sink: journal,
                queueCapacity: queueCapacity, snapshotInterval: snapshotInterval, maxCommandsPerCommit: maxCommandsPerCommit
            )
            shards[plant] = created
            return (created, true)
        }
        if isNew { shard.start() }
        return shard
    }

    private func install(_ shard: InventoryShard) {
        shards.withLock { $0[shard.id] = shard }
        shard.start()
    }
}
