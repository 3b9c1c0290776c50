import Logging
import OMSEngine
import OMSProto
import OMSStore

/// Copies the movements a plant's journal held before migration 0005 into
/// `stock_movements`, once, at start-up before any shard writes. The whole
/// journal is read so each copied movement's on_hand_after comes out of the
/// same rule as the projection's: `stock.on_hand` (the journal's end) less
/// everything booked after it. A plant's copy and the removal of its
/// `stock_movements_backfill` row commit together, so a crash midway leaves
/// it to do again at the next start.
enum LedgerBackfill {
    /// Rows per INSERT: bounded parameter arrays however long the journal.
    static let chunk = 10_000

    static func run(connection: PGConnection, logger: Logger) {
        do {
            let pending = try connection.execute("SELECT shard, up_to_seq FROM stock_movements_backfill ORDER BY shard")
            guard pending.count > 0 else { return }
            try connection.prepare(MovementProjection.insert)
            for row in 0..<pending.count {
                guard let shard = pending.string(row: row, column: 0), let upTo = pending.int64(row: row, column: 1) else {
                    continue
                }
                let copied = try copy(shard: shard, upTo: upTo, connection: connection)
                logger.info("stock ledger of \(shard): copied \(copied) movements journaled before it existed")
            }
        } catch {
            // The daemon serves without them; the ledger lacks those movements until a start succeeds.
            logger.error("copying earlier movements into the stock ledger failed; retried at the next start: \(error)")
        }
    }

    static func copy(shard: String, upTo: Int64, connection: PGConnection) throws -> Int {
        try connection.execute("BEGIN")
        do {
            var movements: [MovementProjection.Movement] = []
            try JournalReader(connection: connection).readEvents(shard: shard, after: 0) { event in
                guard event.type.hasPrefix("inventory.") else { return }
                let decoded = try Oms_Journal_V1_InventoryEvent(serializedBytes: event.payload)
                movements += MovementProjection.movements(
                    JournalRecord(seq: event.seq, event: decoded, commandID: event.commandID ?? ""))
            }
            let later = MovementProjection.laterDeltas(movements)
            // Later events are already in the ledger (the projection wrote them).
            let count = movements.firstIndex { $0.seq > upTo } ?? movements.count
            for start in stride(from: 0, to: count, by: chunk) {
                let range = start..<min(start + chunk, count)
                try connection.executePrepared(
                    MovementProjection.insert.name,
                    MovementProjection.parameters(shard: shard, movements[range], later: later[range]))
            }
            try connection.execute("DELETE FROM stock_movements_backfill WHERE shard = $1", [.text(shard)])
            try connection.execute("COMMIT")
            return count
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
