import Foundation
import Logging
import OMSEngine
import OMSStore
import Synchronization

/// The shards of one domain, one single writer per key (a plant, or the one
/// catalog): recovered from the journal at start, created on first use.
/// A key's journal shard is `prefix + key`, so domains never share a journal.
final class ShardSet<Domain: JournaledDomain>: Sendable where Domain.Failure: Sendable {
    typealias DomainShard = Shard<Domain, DomainJournal<Domain>>

    let prefix: String
    private let shards = Mutex<[String: DomainShard]>([:])
    private let journal: DomainJournal<Domain>
    private let settings: ShardSettings
    /// Told of every durable record of any shard of the set, with its key.
    private let onCommit: (@Sendable (String, [JournalRecord<Domain.Event>], Domain) -> Void)?
    /// Applies the daemon's configuration to a state, new or recovered.
    private let configure: @Sendable (Domain) -> Domain

    init(
        prefix: String, journal: DomainJournal<Domain>, settings: ShardSettings,
        configure: @escaping @Sendable (Domain) -> Domain = { $0 },
        onCommit: (@Sendable (String, [JournalRecord<Domain.Event>], Domain) -> Void)? = nil
    ) {
        self.prefix = prefix
        self.journal = journal
        self.settings = settings
        self.configure = configure
        self.onCommit = onCommit
    }

    /// Whether a journal shard belongs to this set (and so is recovered by it).
    func owns(journalShard: String) -> Bool {
        guard journalShard.hasPrefix(prefix) else { return false }
        return !journalShard.dropFirst(prefix.count).contains(":")
    }

    /// Rebuilds the shard of one journal shard this set owns.
    func recover(journalShard: String, connection: PGConnection, logger: Logger) throws -> Int64 {
        let started = ContinuousClock.now
        let key = String(journalShard.dropFirst(prefix.count))
        // Configured before the replay too: applying events reads some of it (key retention).
        let recovered = try journal.recover(shard: journalShard, empty: configure(Domain(emptyShard: key)), connection: connection)
        let shard = makeShard(
            key: key, state: configure(recovered.state), lastSeq: recovered.lastSeq,
            sinceSnapshot: (recovered.applied, recovered.snapshotSize))
        shards.withLock { $0[key] = shard }
        shard.start()
        let snapshot =
            recovered.snapshotSeq == 0
            ? "no snapshot"
            : "snapshot at seq \(recovered.snapshotSeq) (\(recovered.snapshotSize) records, restored in \(recovered.snapshotRestore))"
        logger.info(
            "recovered shard \(journalShard): \(snapshot) + \(recovered.applied) events up to seq \(recovered.lastSeq) in \(ContinuousClock.now - started)"
        )
        return recovered.applied
    }

    func submit(
        key: String, _ command: Domain.Command, context: Domain.Context, commandID: String,
        reply: @escaping DomainShard.Reply
    ) {
        shard(key).submit(command, context: context, commandID: commandID, reply: reply)
    }

    /// Reads a key's current state; nil if it has no shard yet.
    func read<T>(key: String, _ body: (Domain) throws -> T) rethrows -> T? {
        guard let shard = shards.withLock({ $0[key] }) else { return nil }
        return try shard.read(body)
    }

    var keys: [String] { shards.withLock { Array($0.keys) } }

    func stopAll() async {
        let all = shards.withLock { Array($0.values) }
        for shard in all { await shard.stop() }
    }

    private func shard(_ key: String) -> DomainShard {
        let (shard, isNew) = shards.withLock { shards -> (DomainShard, Bool) in
            if let existing = shards[key] { return (existing, false) }
            let created = makeShard(key: key, state: configure(Domain(emptyShard: key)), lastSeq: 0)
            shards[key] = created
            return (created, true)
        }
        if isNew { shard.start() }
        return shard
    }

    /// `sinceSnapshot`: events after the latest snapshot, and that snapshot's size (none: 0, 0).
    private func makeShard(
        key: String, state: Domain, lastSeq: Int64, sinceSnapshot: (events: Int64, size: Int) = (0, 0)
    ) -> DomainShard {
        let observer = onCommit.map { observe in
            { @Sendable (records: [JournalRecord<Domain.Event>], committed: Domain) in observe(key, records, committed) }
        }
        return DomainShard(
            id: prefix + key, state: state, lastSeq: lastSeq, sink: journal,
            queueCapacity: settings.queueCapacity, snapshotInterval: settings.snapshotInterval,
            eventsSinceSnapshot: sinceSnapshot.events, lastSnapshotSize: sinceSnapshot.size,
            maxCommandsPerCommit: settings.maxCommandsPerCommit, onCommit: observer)
    }
}

/// How every shard of the daemon runs.
struct ShardSettings: Sendable {
    var queueCapacity: Int
    var snapshotInterval: Int64
    /// 1 commits each command alone (the benchmark baseline); otherwise all that is decided.
    var maxCommandsPerCommit: Int
    /// Default hold of reservations made without expires_at; nil = until released.
    var reservationHold: Double?
    /// How long inventory idempotency keys are kept; nil = forever.
    var keyRetention: Double?
}
