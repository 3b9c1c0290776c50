import OMSEngine
import OMSProto
import OMSStore
import SwiftProtobuf

/// Keeps `reservation_lines` (one row per reservation, item and location) in
/// step with the journal, in the same transaction. A batch's events are folded
/// into one row per line first, because one INSERT ... ON CONFLICT may touch a
/// row only once; then the whole batch is a single set-based statement.
enum ReservationProjection {
    static let upsert = PreparedStatement(
        name: "oms_reservation_lines_upsert",
        sql: """
            INSERT INTO reservation_lines AS r (
                shard, reservation_id, item, location, unit, quantity, consumed, returned, status,
                owner, reserved_by, expires_at, created_seq, updated_seq)
            SELECT $1, u.id, u.item, u.location, u.unit, u.quantity * 0.000001, u.consumed * 0.000001,
                   u.returned * 0.000001, u.status, u.owner, u.reserved_by,
                   CASE WHEN u.expires = 0 THEN NULL ELSE to_timestamp(u.expires / 1000000.0) END, u.seq, u.seq
              FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::int8[], $8::int8[],
                          $9::text[], $10::text[], $11::text[], $12::int8[], $13::int8[])
                AS u(id, item, location, unit, quantity, consumed, returned, status, owner, reserved_by, expires, seq)
            ON CONFLICT (shard, reservation_id, item, location) DO UPDATE SET
                consumed = r.consumed + EXCLUDED.consumed,
                returned = r.returned + EXCLUDED.returned,
                status = CASE
                    WHEN r.quantity - r.consumed - EXCLUDED.consumed - r.returned - EXCLUDED.returned > 0 THEN 'ACTIVE'
                    ELSE EXCLUDED.status END,
                updated_seq = EXCLUDED.updated_seq
            """,
        parameterTypes: [25, 1009, 1009, 1009, 1009, 1016, 1016, 1016, 1009, 1009, 1009, 1016, 1016])

    /// ConfirmReservation: the new expiry (0 = firm) of every line, after
    /// the upsert, so a reservation created and confirmed in one batch ends right.
    static let confirm = PreparedStatement(
        name: "oms_reservation_lines_confirm",
        sql: """
            UPDATE reservation_lines AS r SET
                expires_at = CASE WHEN u.expires = 0 THEN NULL ELSE to_timestamp(u.expires / 1000000.0) END,
                updated_seq = u.seq
              FROM unnest($2::text[], $3::int8[], $4::int8[]) AS u(id, expires, seq)
             WHERE r.shard = $1 AND r.reservation_id = u.id
            """,
        parameterTypes: [25, 1009, 1016, 1016])

    /// One line's change within a batch.
    struct Row {
        var reservationID: String
        var item: String
        var location: String
        var unit = ""
        /// Non-zero only when the reservation was created in this batch.
        var quantity: Int64 = 0
        var consumed: Int64 = 0
        var returned: Int64 = 0
        var status = "ACTIVE"
        var owner = ""
        var reservedBy = ""
        var expiresMicros: Int64 = 0
        var seq: Int64 = 0

        /// Record `seq`'s change of this line.
        mutating func change(at seq: Int64, _ change: (inout Row) -> Void) {
            self.seq = seq
            change(&self)
        }
    }

    struct LineKey: Hashable {
        var reservationID: String
        var item: String
        var location: String
    }

    static func statements(shard: String, records: [JournalRecord<Oms_Journal_V1_InventoryEvent>]) -> [PGStatement] {
        // Most events touch one line: sized once instead of rehashed while growing.
        var rows: [LineKey: Row] = Dictionary(minimumCapacity: records.count)
        var order: [LineKey] = []
        order.reserveCapacity(records.count)
        var confirmations: [(String, Int64, Int64)] = []
        func touch(_ id: String, _ line: Oms_Journal_V1_StockQuantity, seq: Int64, _ change: (inout Row) -> Void) {
            let key = LineKey(reservationID: id, item: line.itemID, location: line.locationID)
            let known = rows.count
            // One lookup (the keys hash three strings): modified in place.
            rows[key, default: Row(reservationID: id, item: line.itemID, location: line.locationID)].change(at: seq, change)
            if rows.count > known { order.append(key) }
        }
        for record in records {
            let event = record.event
            switch event.event {
            case .reservationCreated(let created):
                for line in created.lines {
                    touch(created.reservationID, line, seq: record.seq) { row in
                        row.unit = line.unit
                        row.quantity = line.quantityMicros
                        row.owner = ownerText(created.owner)
                        row.reservedBy = event.principal
                        row.expiresMicros = created.hasExpiresAt ? created.expiresAt.epochMicros : 0
                    }
                }
            case .reservationReleased(let released):
                for line in released.lines {
                    touch(released.reservationID, line, seq: record.seq) { $0.returned += line.quantityMicros; $0.status = "RELEASED" }
                }
            case .reservationExpired(let expired):
                for line in expired.lines {
                    touch(expired.reservationID, line, seq: record.seq) { $0.returned += line.quantityMicros; $0.status = "EXPIRED" }
                }
            case .reservationConsumed(let consumed):
                for line in consumed.lines {
                    touch(consumed.reservationID, line, seq: record.seq) { $0.consumed += line.quantityMicros; $0.status = "CONSUMED" }
                }
            case .reservationConfirmed(let confirmed):
                // One row per reservation (an UPDATE joins each row once): the batch's last confirmation.
                confirmations.removeAll { $0.0 == confirmed.reservationID }
                confirmations.append((confirmed.reservationID, confirmed.hasExpiresAt ? confirmed.expiresAt.epochMicros : 0, record.seq))
            case .transferShipped(let shipped) where !shipped.transfer.reservationID.isEmpty:
                // Shipped from a reservation: consumed like Consume.
                let transfer = shipped.transfer
                for line in transfer.lines {
                    var held = Oms_Journal_V1_StockQuantity()
                    held.itemID = line.itemID
                    held.locationID = transfer.fromLocationID
                    touch(transfer.reservationID, held, seq: record.seq) {
                        $0.consumed += line.quantityMicros
                        $0.status = "CONSUMED"
                    }
                }
            case .stockReceived, .stockAdjusted, .receiptExpected, .transferShipped, .transferInbound, nil:
                break
            }
        }
        let confirmStatement: [PGStatement] = confirmations.isEmpty ? [] : [
            .prepared(name: confirm.name, parameters: [
                .text(shard), .textArray(confirmations.map(\.0)), .int64Array(confirmations.map(\.1)),
                .int64Array(confirmations.map(\.2)),
            ])
        ]
        guard !order.isEmpty else { return confirmStatement }
        func column<Element>(_: Element.Type) -> [Element] {
            var column: [Element] = []
            column.reserveCapacity(order.count)
            return column
        }
        var ids = column(String?.self), items = column(String?.self), locations = column(String?.self)
        var units = column(String?.self), statuses = column(String?.self), owners = column(String?.self)
        var reservedBy = column(String?.self)
        var quantities = column(Int64.self), consumed = column(Int64.self), returned = column(Int64.self)
        var expires = column(Int64.self), seqs = column(Int64.self)
        for key in order {
            guard var row = rows[key] else { continue }
            // A line created in this batch: its status as of the batch's end.
            if row.quantity > 0 && row.quantity - row.consumed - row.returned > 0 { row.status = "ACTIVE" }
            ids.append(row.reservationID)
            items.append(row.item)
            locations.append(row.location)
            units.append(row.unit)
            quantities.append(row.quantity)
            consumed.append(row.consumed)
            returned.append(row.returned)
            statuses.append(row.status)
            owners.append(row.owner)
            reservedBy.append(row.reservedBy)
            expires.append(row.expiresMicros)
            seqs.append(row.seq)
        }
        return [
            .prepared(
                name: upsert.name,
                parameters: [
                    .text(shard), .textArray(ids), .textArray(items), .textArray(locations), .textArray(units),
                    .int64Array(quantities), .int64Array(consumed), .int64Array(returned), .textArray(statuses),
                    .textArray(owners), .textArray(reservedBy), .int64Array(expires), .int64Array(seqs),
                ])
        ] + confirmStatement
    }

    /// How the owner reads in SQL: "order:<order>/<line>", "production:<id>", "external:<ref>" or "".
    static func ownerText(_ owner: Oms_Journal_V1_ReservationCreated.OneOf_Owner?) -> String {
        switch owner {
        case .orderLine(let line): "order:\(line.orderID)/\(line.lineID)"
        case .productionOrderID(let id): "production:\(id)"
        case .externalReference(let reference): "external:\(reference)"
        case nil: ""
        }
    }

}
