import OMSCore
import OMSProto
import OMSServices
import OMSStore
import OMSWire
import SwiftProtobuf
import Synchronization

/// InventoryService/Ledger's reads of `stock_movements`, on a thread of
/// their own (libpq blocks) with a connection per read, like resumed Watch
/// streams. A movement is acknowledged only after its commit, so a read that
/// starts after the acknowledgement sees it.
struct PlantStockLedger: StockLedgerReader {
    let connectionString: String
    /// Ledger reads at once, daemon-wide: each holds a thread and a
    /// connection, so a burst is refused (RESOURCE_EXHAUSTED, retry) rather
    /// than piling up threads and exhausting PostgreSQL's connections.
    static let maxReads = 8
    private static let reads = Mutex(0)

    /// Every filter is a parameter; an empty one is "any" (PostgreSQL plans
    /// each call with its values, so unused filters cost nothing).
    static let sql = """
        SELECT seq, position, movement_id, location, item, kind, (quantity * 1000000)::int8, unit,
               (on_hand_after * 1000000)::int8, (extract(epoch FROM time) * 1000000)::int8, actor, reason,
               reservation_id, transfer_id, expected_receipt_id, reference
          FROM stock_movements
         WHERE shard = $1
           AND ($2 = '' OR item = $2)
           AND ($3 = '' OR location = $3)
           AND (cardinality($4::text[]) = 0 OR kind = ANY ($4::text[]))
           AND ($5::timestamptz IS NULL OR time >= $5::timestamptz)
           AND ($6::timestamptz IS NULL OR time < $6::timestamptz)
           AND ($7 = '' OR $7 IN (reservation_id, transfer_id, expected_receipt_id, reference))
           AND (seq, position) > ($8, $9)
         ORDER BY seq, position
         LIMIT $10
        """

    func movements(_ query: StockLedgerQuery) async throws -> [StockLedgerEntry] {
        let connectionString = self.connectionString
        let parameters: [PGValue] = [
            .text(query.plantID), .text(query.itemID), .text(query.locationID),
            .textArray(query.kinds.map(\.ledgerName)),
            query.sinceMicros.map(PGValue.timestampMicros) ?? .null,
            query.untilMicros.map(PGValue.timestampMicros) ?? .null,
            .text(query.reference),
            .int64(Int64(clamping: query.after?.sequence ?? 0)), .int32(Int32(clamping: query.after?.position ?? 0)),
            .int64(Int64(query.limit)),
        ]
        let admitted = Self.reads.withLock { reads in
            guard reads < Self.maxReads else { return false }
            reads += 1
            return true
        }
        guard admitted else {
            throw RPCError(.resourceExhausted, "\(Self.maxReads) stock ledger reads are running: retry shortly")
        }
        defer { Self.reads.withLock { $0 -= 1 } }
        let rows: PGRows
        do {
            rows = try await Daemon.offPool {
                let connection = try PGConnection(connectionString: connectionString)
                defer { connection.close() }
                return try connection.execute(Self.sql, parameters)
            }
        } catch let error as StoreError where error.kind == .unavailable {
            throw RPCError(.unavailable, "the stock ledger cannot be read now: PostgreSQL is unreachable (\(error.message))")
        }
        return (0..<rows.count).map { Self.entry(rows, row: $0, plant: query.plantID) }
    }

    static func entry(_ rows: PGRows, row: Int, plant: String) -> StockLedgerEntry {
        func text(_ column: Int) -> String { rows.string(row: row, column: column) ?? "" }
        func number(_ column: Int) -> Int64 { rows.int64(row: row, column: column) ?? 0 }
        var movement = Oms_V1_StockMovement()
        movement.sequence = UInt64(clamping: number(0))
        movement.plantID = plant
        movement.movementID = text(2)
        movement.locationID = text(3)
        movement.itemID = text(4)
        movement.kind = Oms_V1_MovementKind(ledgerName: text(5))
        movement.quantity = Quantity(micros: number(6)).description
        movement.unit = text(7)
        movement.onHandAfter = Quantity(micros: number(8)).description
        let micros = number(9)
        movement.time = Google_Protobuf_Timestamp(
            seconds: micros.floorDivided(by: 1_000_000), nanos: Int32(micros.floorModulo(1_000_000) * 1_000))
        movement.actor = text(10)
        movement.reason = text(11)
        movement.reservationID = text(12)
        movement.transferID = text(13)
        movement.expectedReceiptID = text(14)
        movement.reference = text(15)
        return StockLedgerEntry(
            position: LedgerPosition(sequence: movement.sequence, position: UInt32(clamping: number(1))),
            movement: movement)
    }
}

extension Int64 {
    /// Division rounding down, so times before 1970 split into seconds and non-negative nanos.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }

    fileprivate func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
