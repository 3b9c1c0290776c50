import OMSEngine
import OMSProto
import OMSStore

/// Keeps `stock_movements` (the ledger: one row per movement of on-hand
/// stock) in step with the journal, in the same transaction. Runs right after
/// `StockProjection`'s upsert of the same batch, so `stock.on_hand` is the
/// figure after the whole batch; a movement's on_hand_after is that figure
/// less the deltas the batch books later at the same (item, location),
/// which are summed here and passed per row.
enum MovementProjection {
    static let insert = PreparedStatement(
        name: "oms_stock_movements_insert",
        sql: """
            INSERT INTO stock_movements (
                shard, seq, position, movement_id, location, item, kind, quantity, unit, on_hand_after, time,
                actor, reason, reservation_id, transfer_id, expected_receipt_id, reference)
            SELECT $1, m.seq, m.position, m.id, m.location, m.item, m.kind, m.quantity * 0.000001, m.unit,
                   -- NULL (and so a failed commit, not a wrong figure) if the stock row were missing.
                   (SELECT s.on_hand FROM stock AS s WHERE s.shard = $1 AND s.item = m.item AND s.location = m.location)
                       - m.later * 0.000001,
                   timestamptz 'epoch' + m.at * interval '1 microsecond',
                   m.actor, m.reason, m.reservation_id, m.transfer_id, m.expected_receipt_id, m.reference
              FROM unnest($2::int8[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int8[],
                          $9::text[], $10::int8[], $11::int8[], $12::text[], $13::text[], $14::text[], $15::text[],
                          $16::text[], $17::text[])
                AS m(seq, position, id, location, item, kind, quantity, unit, later, at, actor, reason,
                     reservation_id, transfer_id, expected_receipt_id, reference)
            """,
        parameterTypes: [25, 1016, 1016, 1009, 1009, 1009, 1009, 1016, 1009, 1016, 1016, 1009, 1009, 1009, 1009, 1009, 1009])

    /// One ledger row as the journal event gives it.
    struct Movement {
        var seq: Int64
        var position: Int64
        var id: String
        var item: String
        var location: String
        var kind: Oms_V1_MovementKind
        var quantityMicros: Int64
        var unit: String
        var atMicros: Int64
        var actor: String
        var reason = ""
        var reservationID = ""
        var transferID = ""
        var expectedReceiptID = ""
        var reference = ""
    }

    /// The movements an event books, in line order. Exhaustive on purpose: a
    /// new event kind must be placed here (a movement, or in the last case).
    static func movements(_ record: JournalRecord<Oms_Journal_V1_InventoryEvent>) -> [Movement] {
        let event = record.event
        func line(_ position: Int, _ line: Oms_Journal_V1_StockQuantity, _ kind: Oms_V1_MovementKind, sign: Int64) -> Movement {
            Movement(
                seq: record.seq, position: Int64(position), id: line.movementID, item: line.itemID,
                location: line.locationID, kind: kind, quantityMicros: sign * line.quantityMicros, unit: line.unit,
                atMicros: event.at.epochMicros, actor: event.principal)
        }
        switch event.event {
        case .stockReceived(let received):
            let kind = received.kind.movementKind
            return received.lines.enumerated().map { position, quantity in
                var movement = line(position, quantity, kind, sign: 1)
                movement.transferID = received.transferID
                movement.expectedReceiptID = received.expectedReceiptID
                movement.reference = received.reference
                return movement
            }
        case .reservationConsumed(let consumed):
            return consumed.lines.enumerated().map { position, quantity in
                var movement = line(position, quantity, .issue, sign: -1)
                movement.reservationID = consumed.reservationID
                movement.reference = consumed.reference
                movement.reason = consumed.reason
                return movement
            }
        case .stockAdjusted(let adjusted):
            // A count that confirmed the figure is a movement of 0: the count is on record.
            return [
                Movement(
                    seq: record.seq, position: 0, id: adjusted.movementID, item: adjusted.itemID,
                    location: adjusted.locationID, kind: adjusted.reasonCode == .scrap ? .scrap : .adjustment,
                    quantityMicros: adjusted.deltaMicros, unit: adjusted.unit, atMicros: event.at.epochMicros,
                    actor: event.principal, reason: adjusted.reason)
            ]
        case .transferShipped(let shipped):
            // Out of the source location; between locations of one plant, in at once too.
            let transfer = shipped.transfer
            var movements: [Movement] = []
            for quantity in transfer.lines {
                func movement(_ id: String, _ location: String, _ kind: Oms_V1_MovementKind, _ micros: Int64) -> Movement {
                    var movement = Movement(
                        seq: record.seq, position: Int64(movements.count), id: id, item: quantity.itemID,
                        location: location, kind: kind, quantityMicros: micros, unit: quantity.unit,
                        atMicros: event.at.epochMicros, actor: event.principal)
                    movement.transferID = transfer.transferID
                    movement.reservationID = transfer.reservationID
                    movement.reference = transfer.reference
                    return movement
                }
                movements.append(movement(quantity.outMovementID, transfer.fromLocationID, .transferOut, -quantity.quantityMicros))
                if !quantity.inMovementID.isEmpty {
                    movements.append(movement(quantity.inMovementID, transfer.toLocationID, .transferIn, quantity.quantityMicros))
                }
            }
            return movements
        case .reservationCreated, .reservationReleased, .reservationExpired, .reservationConfirmed, .receiptExpected,
            .transferInbound, nil:
            // Reserved, expected or in-transit stock only: on hand does not change.
            return []
        }
    }

    static func statements(shard: String, records: [JournalRecord<Oms_Journal_V1_InventoryEvent>]) -> [PGStatement] {
        let movements = records.flatMap { Self.movements($0) }
        guard !movements.isEmpty else { return [] }
        return [.prepared(name: insert.name, parameters: parameters(shard: shard, movements[...], later: laterDeltas(movements)[...]))]
    }

    /// Per movement, what the movements after it book at the same (item, location).
    static func laterDeltas(_ movements: [Movement]) -> [Int64] {
        var later = [Int64](repeating: 0, count: movements.count)
        var booked: [StockProjection.StockKeyPair: Int64] = [:]
        for index in movements.indices.reversed() {
            let key = StockProjection.StockKeyPair(item: movements[index].item, location: movements[index].location)
            later[index] = booked[key, default: 0]
            booked[key, default: 0] += movements[index].quantityMicros
        }
        return later
    }

    static func parameters(shard: String, _ movements: ArraySlice<Movement>, later: ArraySlice<Int64>) -> [PGValue] {
        [
            .text(shard), .int64Array(movements.map(\.seq)), .int64Array(movements.map(\.position)),
            .textArray(movements.map(\.id)), .textArray(movements.map(\.location)),
            .textArray(movements.map(\.item)), .textArray(movements.map(\.kind.ledgerName)),
            .int64Array(movements.map(\.quantityMicros)), .textArray(movements.map(\.unit)),
            .int64Array(Array(later)), .int64Array(movements.map(\.atMicros)), .textArray(movements.map(\.actor)),
            .textArray(movements.map(\.reason)), .textArray(movements.map(\.reservationID)),
            .textArray(movements.map(\.transferID)), .textArray(movements.map(\.expectedReceiptID)),
            .textArray(movements.map(\.reference)),
        ]
    }
}

extension Oms_V1_MovementKind {
    /// The `kind` column: the contract's name without its prefix.
    var ledgerName: String {
        switch self {
        case .receipt: "RECEIPT"
        case .issue: "ISSUE"
        case .adjustment: "ADJUSTMENT"
        case .scrap: "SCRAP"
        case .transferOut: "TRANSFER_OUT"
        case .transferIn: "TRANSFER_IN"
        case .unspecified, .UNRECOGNIZED: "UNSPECIFIED"
        }
    }

    init(ledgerName: String) {
        self = Self.allCases.first { $0.ledgerName == ledgerName } ?? .unspecified
    }
}
