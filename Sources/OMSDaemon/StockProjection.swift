import OMSCore
import OMSEngine
import OMSProto
import OMSStore

/// Keeps the `stock` table (on hand and reserved per plant, item, location) in
/// step with the journal. Each event adds its deltas, so the rows follow from
/// the events alone and can be checked against a replay. A batch's deltas are
/// summed per (item, location) and sent as one set-based statement.
enum StockProjection {
    static let upsert = PreparedStatement(
        name: "oms_stock_upsert",
        sql: """
            INSERT INTO stock AS s (shard, item, location, on_hand, reserved, updated_seq)
            SELECT $1, u.item, u.location, u.on_hand * 0.000001, u.reserved * 0.000001, u.seq
              FROM unnest($2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[])
                AS u(item, location, on_hand, reserved, seq)
            ON CONFLICT (shard, item, location) DO UPDATE SET
                on_hand = s.on_hand + EXCLUDED.on_hand,
                reserved = s.reserved + EXCLUDED.reserved,
                updated_seq = EXCLUDED.updated_seq
            """,
        parameterTypes: [25, 1009, 1009, 1016, 1016, 1016])

    struct Delta {
        var onHand: Int64 = 0
        var reserved: Int64 = 0
        var seq: Int64 = 0

        mutating func add(onHand: Int64, reserved: Int64, seq: Int64) {
            self.onHand += onHand
            self.reserved += reserved
            self.seq = seq
        }
    }

    struct StockKeyPair: Hashable {
        var item: String
        var location: String
    }

    static func statements(shard: String, records: [JournalRecord<Oms_Journal_V1_InventoryEvent>]) -> [PGStatement] {
        var deltas: [StockKeyPair: Delta] = [:]
        var order: [StockKeyPair] = []
        func add(_ item: String, _ location: String, onHand: Int64 = 0, reserved: Int64 = 0, seq: Int64) {
            let key = StockKeyPair(item: item, location: location)
            let known = deltas.count
            // One lookup (the keys hash two strings): modified in place.
            deltas[key, default: Delta()].add(onHand: onHand, reserved: reserved, seq: seq)
            if deltas.count > known { order.append(key) }
        }
        for record in records {
            let seq = record.seq
            switch record.event.event {
            case .stockReceived(let received):
                received.lines.forEach { add($0.itemID, $0.locationID, onHand: $0.quantityMicros, seq: seq) }
            case .reservationCreated(let created):
                created.lines.forEach { add($0.itemID, $0.locationID, reserved: $0.quantityMicros, seq: seq) }
            case .reservationReleased(let released):
                released.lines.forEach { add($0.itemID, $0.locationID, reserved: -$0.quantityMicros, seq: seq) }
            case .reservationExpired(let expired):
                expired.lines.forEach { add($0.itemID, $0.locationID, reserved: -$0.quantityMicros, seq: seq) }
            case .reservationConsumed(let consumed):
                consumed.lines.forEach {
                    add($0.itemID, $0.locationID, onHand: -$0.quantityMicros, reserved: -$0.quantityMicros, seq: seq)
                }
            case .stockAdjusted(let adjusted):
                add(adjusted.itemID, adjusted.locationID, onHand: adjusted.deltaMicros, seq: seq)
            case .transferShipped(let shipped):
                // Leaves the source location (and its reservation); within the plant, arrives at once.
                let transfer = shipped.transfer
                for line in transfer.lines {
                    let held = transfer.reservationID.isEmpty ? 0 : line.quantityMicros
                    add(line.itemID, transfer.fromLocationID, onHand: -line.quantityMicros, reserved: -held, seq: seq)
                    if transfer.toPlantID == transfer.fromPlantID {
                        add(line.itemID, transfer.toLocationID, onHand: line.quantityMicros, seq: seq)
                    }
                }
            case .receiptExpected, .reservationConfirmed, .transferInbound:
                // None changes on hand or reserved (in transit is not on hand).
                break
            case nil:
                break
            }
        }
        guard !order.isEmpty else { return [] }
        let rows = order.map { ($0, deltas[$0] ?? Delta()) }
        return [
            .prepared(
                name: upsert.name,
                parameters: [
                    .text(shard), .textArray(rows.map { $0.0.item }), .textArray(rows.map { $0.0.location }),
                    .int64Array(rows.map(\.1.onHand)), .int64Array(rows.map(\.1.reserved)),
                    .int64Array(rows.map(\.1.seq)),
                ])
        ]
    }
}
