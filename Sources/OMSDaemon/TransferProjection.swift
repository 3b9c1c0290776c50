import OMSEngine
import OMSProto
import OMSStore
import SwiftProtobuf

/// Keeps `transfers` in step with the journal, in the same transaction: the
/// source's OUTBOUND rows when it ships, the destination's INBOUND rows when
/// it registers the transfer, and their `received` as transfer receipts
/// arrive. New rows go first, then the batch's arrivals summed per row
/// (an UPDATE joins each row once); a registration seen twice adds nothing.
enum TransferProjection {
    static let insert = PreparedStatement(
        name: "oms_transfers_insert",
        sql: """
            INSERT INTO transfers (
                shard, transfer_id, item, side, from_plant, from_location, to_plant, to_location, unit,
                quantity, received, shipped_at, expected_arrival, received_at, reference, created_seq, updated_seq)
            SELECT $1, u.id, u.item, u.side, u.from_plant, u.from_location, u.to_plant, u.to_location, u.unit,
                   u.quantity * 0.000001, u.received * 0.000001, to_timestamp(u.shipped / 1000000.0),
                   CASE WHEN u.arrival = 0 THEN NULL ELSE to_timestamp(u.arrival / 1000000.0) END,
                   CASE WHEN u.done = 0 THEN NULL ELSE to_timestamp(u.done / 1000000.0) END,
                   u.reference, u.seq, u.seq
              FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::text[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::int8[], $15::text[],
                          $16::int8[])
                AS u(id, item, side, from_plant, from_location, to_plant, to_location, unit, quantity, received,
                     shipped, arrival, done, reference, seq)
            ON CONFLICT (shard, transfer_id, item, side) DO NOTHING
            """,
        parameterTypes: [25, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1016, 1016, 1016, 1016, 1016, 1009, 1016])

    static let arrive = PreparedStatement(
        name: "oms_transfers_arrive",
        sql: """
            UPDATE transfers AS t SET
                received = t.received + u.delta * 0.000001,
                received_at = CASE
                    WHEN t.received_at IS NULL AND t.received + u.delta * 0.000001 >= t.quantity
                    THEN to_timestamp(u.at / 1000000.0) ELSE t.received_at END,
                updated_seq = u.seq
              FROM unnest($2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[]) AS u(id, item, delta, at, seq)
             WHERE t.shard = $1 AND t.side = 'INBOUND' AND t.transfer_id = u.id AND t.item = u.item
            """,
        parameterTypes: [25, 1009, 1009, 1016, 1016, 1016])

    struct Row {
        var record: Oms_Journal_V1_TransferRecord
        var line: Oms_Journal_V1_TransferQuantity
        var side: String
        var seq: Int64
    }

    struct LineKey: Hashable {
        var transferID: String
        var item: String
    }

    static func statements(shard: String, records: [JournalRecord<Oms_Journal_V1_InventoryEvent>]) -> [PGStatement] {
        var rows: [Row] = []
        var arrivals: [LineKey: (delta: Int64, at: Int64, seq: Int64)] = [:]
        var order: [LineKey] = []
        func add(_ record: Oms_Journal_V1_TransferRecord, side: String, seq: Int64) {
            rows += record.lines.map { Row(record: record, line: $0, side: side, seq: seq) }
        }
        for record in records {
            switch record.event.event {
            case .transferShipped(let shipped):
                add(shipped.transfer, side: "OUTBOUND", seq: record.seq)
                // Between locations of one plant it has arrived too.
                if shipped.transfer.toPlantID == shipped.transfer.fromPlantID {
                    add(shipped.transfer, side: "INBOUND", seq: record.seq)
                }
            case .transferInbound(let inbound):
                add(inbound.transfer, side: "INBOUND", seq: record.seq)
            case .stockReceived(let received):
                guard received.kind == .transfer, !received.transferID.isEmpty else { break }
                for line in received.lines {
                    let key = LineKey(transferID: received.transferID, item: line.itemID)
                    if arrivals[key] == nil { order.append(key) }
                    let sum = (arrivals[key]?.delta ?? 0) + line.quantityMicros
                    arrivals[key] = (sum, record.event.at.epochMicros, record.seq)
                }
            case .reservationCreated, .reservationReleased, .reservationConsumed, .reservationExpired, .stockAdjusted,
                .receiptExpected, .reservationConfirmed, nil:
                break
            }
        }
        var statements: [PGStatement] = []
        if !rows.isEmpty {
            statements.append(.prepared(name: insert.name, parameters: [
                .text(shard), .textArray(rows.map(\.record.transferID)), .textArray(rows.map(\.line.itemID)),
                .textArray(rows.map(\.side)), .textArray(rows.map(\.record.fromPlantID)),
                .textArray(rows.map(\.record.fromLocationID)), .textArray(rows.map(\.record.toPlantID)),
                .textArray(rows.map(\.record.toLocationID)), .textArray(rows.map(\.line.unit)),
                .int64Array(rows.map(\.line.quantityMicros)), .int64Array(rows.map(\.line.receivedMicros)),
                .int64Array(rows.map(\.record.shippedAt.epochMicros)),
                .int64Array(rows.map { $0.record.hasExpectedArrival ? $0.record.expectedArrival.epochMicros : 0 }),
                .int64Array(rows.map { $0.record.hasReceivedAt ? $0.record.receivedAt.epochMicros : 0 }),
                .textArray(rows.map(\.record.reference)), .int64Array(rows.map(\.seq)),
            ]))
        }
        if !order.isEmpty {
            let changes = order.map { ($0, arrivals[$0] ?? (0, 0, 0)) }
            statements.append(.prepared(name: arrive.name, parameters: [
                .text(shard), .textArray(changes.map(\.0.transferID)), .textArray(changes.map(\.0.item)),
                .int64Array(changes.map(\.1.delta)), .int64Array(changes.map(\.1.at)), .int64Array(changes.map(\.1.seq)),
            ]))
        }
        return statements
    }
}
