import OMSCore
import OMSEngine
import OMSProto
import OMSStore

/// Keeps the `stock` table (on hand and reserved per plant, item, location) in
/// step with the journal. Each event adds its deltas, so the rows follow from
/// the events alone and can be checked against a replay.
enum StockProjection {
    // Sent as SQL text with parameters: the journal writer prepares only its own statements.
    static let upsert = """
            INSERT INTO stock (shard, item, location, on_hand, reserved, updated_seq)
            VALUES ($1, $2, $3, $4::bigint / 1000000.0, $5::bigint / 1000000.0, $6)
            ON CONFLICT (shard, item, location) DO UPDATE SET
                on_hand = stock.on_hand + EXCLUDED.on_hand,
                reserved = stock.reserved + EXCLUDED.reserved,
                updated_seq = EXCLUDED.updated_seq
        """

    struct Delta {
        var onHand: Int64 = 0
        var reserved: Int64 = 0
    }

    static func statements(shard: String, records: [JournalRecord<Oms_Journal_V1_InventoryEvent>]) -> [PGStatement] {
        // One statement per (item, location) per batch, whatever the number of events.
        var deltas: [StockKeyPair: Delta] = [:]
        var lastSeq: [StockKeyPair: Int64] = [:]
        var order: [StockKeyPair] = []
        func add(_ line: Oms_Journal_V1_StockQuantity, onHand: Int64 = 0, reserved: Int64 = 0, seq: Int64) {
            let key = StockKeyPair(item: line.itemID, location: line.locationID)
            if deltas[key] == nil { order.append(key) }
            deltas[key, default: Delta()].onHand += onHand
            deltas[key, default: Delta()].reserved += reserved
            lastSeq[key] = seq
        }
        for record in records {
            let seq = record.seq
            switch record.event.event {
            case .stockReceived(let received):
                received.lines.forEach { add($0, onHand: $0.quantityMicros, seq: seq) }
            case .reservationCreated(let created):
                created.lines.forEach { add($0, reserved: $0.quantityMicros, seq: seq) }
            case .reservationReleased(let released):
                released.lines.forEach { add($0, reserved: -$0.quantityMicros, seq: seq) }
            case .reservationExpired(let expired):
                expired.lines.forEach { add($0, reserved: -$0.quantityMicros, seq: seq) }
            case .reservationConsumed(let consumed):
                consumed.lines.forEach { add($0, onHand: -$0.quantityMicros, reserved: -$0.quantityMicros, seq: seq) }
            case .stockAdjusted(let adjusted):
                var line = Oms_Journal_V1_StockQuantity()
                line.itemID = adjusted.itemID
                line.locationID = adjusted.locationID
                add(line, onHand: adjusted.deltaMicros, seq: seq)
            case nil:
                break
            }
        }
        return order.map { key in
            let delta = deltas[key] ?? Delta()
            return .sql(upsert, parameters: [
                .text(shard), .text(key.item), .text(key.location),
                .int64(delta.onHand), .int64(delta.reserved), .int64(lastSeq[key] ?? 0),
            ])
        }
    }

    struct StockKeyPair: Hashable {
        var item: String
        var location: String
    }
}
