import OMSCore
import OMSEngine
import OMSProto
import OMSStore
import SwiftProtobuf

/// Makes a plant's inventory events durable through the group-commit journal
/// writer, with the `stock` projection kept in the same transaction.
final class InventoryJournal: JournalSink {
    typealias Event = Oms_Journal_V1_InventoryEvent
    typealias State = InventoryState

    let writer: JournalWriter
    let connectionString: String

    /// Prepared by the journal writer on each of its connections.
    static let projectionStatements = [StockProjection.upsert, ReservationProjection.upsert]

    init(writer: JournalWriter, connectionString: String) {
        self.writer = writer
        self.connectionString = connectionString
    }

    func commit(
        shard: String,
        records: [JournalRecord<Event>],
        snapshot: InventoryState?,
        completion: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) {
        let events = records.map { record in
            JournalEvent(seq: record.seq, type: record.event.typeName, payload: Self.encode(record.event), commandID: record.commandID)
        }
        let unit = JournalUnit(
            shard: shard,
            events: events,
            projections: StockProjection.statements(shard: shard, records: records)
                + ReservationProjection.statements(shard: shard, records: records),
            snapshot: snapshot.map { ShardSnapshot(seq: records.last?.seq ?? 0, payload: (try? $0.snapshot().serializedBytes()) ?? []) }
        ) { result in
            completion(result.map { _ in () }.mapError { $0 })
        }
        do {
            try writer.submit(unit)
        } catch {
            completion(.failure(error))
        }
    }

    /// Blocking read on the caller's (shard) thread, on a connection of its own: rare.
    func records(shard: String, after seq: Int64) throws -> [JournalRecord<Event>] {
        let connection = try PGConnection(connectionString: connectionString)
        defer { connection.close() }
        var records: [JournalRecord<Event>] = []
        _ = try JournalReader(connection: connection).readEvents(shard: shard, after: seq) { event in
            records.append(JournalRecord(seq: event.seq, event: try Self.decode(event), commandID: event.commandID ?? ""))
        }
        return records
    }

    static func encode(_ event: Event) -> [UInt8] {
        (try? event.serializedBytes()) ?? []
    }

    static func decode(_ event: JournalEvent) throws -> Event {
        try Event(serializedBytes: event.payload)
    }
}

extension Oms_Journal_V1_InventoryEvent {
    /// The journal's event_type column: which concrete event this is.
    var typeName: String {
        switch event {
        case .stockReceived: "inventory.stock_received"
        case .reservationCreated: "inventory.reservation_created"
        case .reservationReleased: "inventory.reservation_released"
        case .reservationConsumed: "inventory.reservation_consumed"
        case .stockAdjusted: "inventory.stock_adjusted"
        case .reservationExpired: "inventory.reservation_expired"
        case nil: "inventory.unknown"
        }
    }
}
