import OMSEngine
import OMSStore
import SwiftProtobuf

/// Makes a shard's events durable through the group-commit journal writer,
/// with the domain's projections in the same transaction. Snapshots are
/// encoded and written by the `SnapshotWriter`, off the commit path and off
/// the committed-state thread.
final class DomainJournal<Domain: JournaledDomain>: JournalSink {
    typealias Event = Domain.Event
    typealias State = Domain

    let writer: JournalWriter
    let snapshots: SnapshotWriter
    let connectionString: String

    init(writer: JournalWriter, snapshots: SnapshotWriter, connectionString: String) {
        self.writer = writer
        self.snapshots = snapshots
        self.connectionString = connectionString
    }

    func commit(
        shard: String,
        records: [JournalRecord<Event>],
        completion: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) {
        let events = records.map { record in
            JournalEvent(
                seq: record.seq, type: Domain.eventType(of: record.event), payload: Domain.payload(of: record.event),
                commandID: record.commandID)
        }
        let projection = DomainProjection<Domain>(records: records)
        let unit = JournalUnit(shard: shard, events: events, projection: projection) { result in
            completion(result.map { _ in () }.mapError { $0 })
        }
        do {
            try writer.submit(unit)
        } catch {
            completion(.failure(error))
        }
    }

    func saveSnapshot(shard: String, seq: Int64, state: Domain) {
        // `state` is a value: the committed-state thread's next apply copies
        // what it changes (a table segment at a time) instead of waiting for
        // the encode.
        snapshots.save(shard: shard, seq: seq) { state.encodedSnapshot() }
    }

    /// Blocking read on the caller's (shard) thread, on a connection of its own: rare.
    func records(shard: String, after seq: Int64) throws -> [JournalRecord<Event>] {
        let connection = try PGConnection(connectionString: connectionString)
        defer { connection.close() }
        var records: [JournalRecord<Event>] = []
        _ = try JournalReader(connection: connection).readEvents(shard: shard, after: seq, decode: Self.record) {
            records.append($0)
        }
        return records
    }

    /// The shard's latest snapshot plus every event after it, applied in order.
    func recover(shard: String, empty: Domain, connection: PGConnection) throws
        -> (state: Domain, lastSeq: Int64, snapshotSeq: Int64, snapshotSize: Int, snapshotRestore: Duration, applied: Int64)
    {
        var state = empty
        var snapshotRestore = Duration.zero
        var applied: Int64 = 0
        var snapshotSeq: Int64 = 0
        var snapshotSize = 0
        let reader = JournalReader(connection: connection)
        let lastSeq = try reader.recover(shard: shard, snapshot: { snapshot in
            if let snapshot {
                let started = ContinuousClock.now
                state = try Domain(encodedSnapshot: snapshot.payload)
                snapshotRestore = ContinuousClock.now - started
                snapshotSeq = snapshot.seq
                snapshotSize = state.snapshotSize
            }
            // Same transaction as the snapshot and the tail: the tail's length.
            state.reserveCapacity(forEvents: Int(clamping: max(0, try reader.lastSeq(shard: shard) - snapshotSeq)))
        }, decode: { try Domain.decode(type: $0.type, payload: $0.payload) }) { event in
            state.apply(event)
            applied += 1
        }
        state.releaseUnusedCapacity()
        return (state, lastSeq, snapshotSeq, snapshotSize, snapshotRestore, applied)
    }

    @Sendable private static func record(_ event: JournalEvent) throws -> JournalRecord<Event> {
        JournalRecord(
            seq: event.seq, event: try Domain.decode(type: event.type, payload: event.payload), commandID: event.commandID ?? "")
    }

    static func encode(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        // Encoding a message built in memory cannot fail (proto3 has no required fields).
        (try? message.serializedBytes()) ?? []
    }
}

/// A unit's records, projected by the journal writer together with the same
/// shard's later units in the transaction: the domain folds them into one
/// set of statements as it folds the commands of one unit.
struct DomainProjection<Domain: JournaledDomain>: JournalProjection {
    let records: [JournalRecord<Domain.Event>]

    func statements(shard: String, followedBy later: [any JournalProjection]) -> [PGStatement] {
        var records = records
        var others: [any JournalProjection] = []
        for projection in later {
            if let same = projection as? Self { records += same.records } else { others.append(projection) }
        }
        // A shard's units all come from one DomainJournal; anything else keeps its own statements.
        return Domain.projections(shard: shard, records: records)
            + others.flatMap { $0.statements(shard: shard, followedBy: []) }
    }
}
