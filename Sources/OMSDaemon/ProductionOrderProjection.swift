import OMSCore
import OMSEngine
import OMSProto
import OMSStore
import SwiftProtobuf

/// Keeps `production_orders` and `production_order_pegs` in step with a
/// plant's ProductionOrdersChanged events, in the same transaction. Events
/// carry complete records, so a batch needs only each lot's last record: one
/// upsert of the lots, then their pegs replaced (delete, insert).
enum ProductionOrderProjection {
    static let upsertLots = PreparedStatement(
        name: "oms_production_orders_upsert",
        sql: """
            INSERT INTO production_orders AS p (
                shard, production_order_id, item, quantity, unit, due_at, routing_id, routing_version,
                bom_id, bom_version, state, version, created_at, updated_at, updated_seq)
            SELECT $1, u.id, u.item, u.quantity * 0.000001, u.unit, to_timestamp(u.due / 1000000.0), u.routing,
                   u.routing_version, u.bom, u.bom_version, u.state, u.version, to_timestamp(u.created / 1000000.0),
                   to_timestamp(u.updated / 1000000.0), u.seq
              FROM unnest($2::text[], $3::text[], $4::int8[], $5::text[], $6::int8[], $7::text[], $8::int8[],
                          $9::text[], $10::int8[], $11::text[], $12::int8[], $13::int8[], $14::int8[], $15::int8[])
                AS u(id, item, quantity, unit, due, routing, routing_version, bom, bom_version, state, version,
                     created, updated, seq)
            ON CONFLICT (shard, production_order_id) DO UPDATE SET
                quantity = EXCLUDED.quantity, due_at = EXCLUDED.due_at, routing_id = EXCLUDED.routing_id,
                routing_version = EXCLUDED.routing_version, bom_id = EXCLUDED.bom_id,
                bom_version = EXCLUDED.bom_version, state = EXCLUDED.state, version = EXCLUDED.version,
                updated_at = EXCLUDED.updated_at, updated_seq = EXCLUDED.updated_seq
            """,
        parameterTypes: [25, 1009, 1009, 1016, 1009, 1016, 1009, 1016, 1009, 1016, 1009, 1016, 1016, 1016, 1016])

    static let deletePegs = PreparedStatement(
        name: "oms_production_order_pegs_delete",
        sql: "DELETE FROM production_order_pegs WHERE shard = $1 AND production_order_id = ANY($2::text[])",
        parameterTypes: [25, 1009])

    static let insertPegs = PreparedStatement(
        name: "oms_production_order_pegs_insert",
        sql: """
            INSERT INTO production_order_pegs (shard, production_order_id, order_id, line_id, quantity)
            SELECT $1, u.id, u.order_id, u.line, u.quantity * 0.000001
              FROM unnest($2::text[], $3::text[], $4::text[], $5::int8[]) AS u(id, order_id, line, quantity)
            """,
        parameterTypes: [25, 1009, 1009, 1009, 1016])

    static let statements = [upsertLots, deletePegs, insertPegs]

    static func statements(shard: String, records: [JournalRecord<Oms_Journal_V1_OrderEvent>]) -> [PGStatement] {
        var latest: [String: (record: Oms_Journal_V1_ProductionOrderRecord, seq: Int64)] = [:]
        var order: [String] = []
        for record in records {
            guard case .productionOrdersChanged(let changed)? = record.event.event else { continue }
            for change in changed.changes {
                let id = change.productionOrder.productionOrderID
                if latest[id] == nil { order.append(id) }
                latest[id] = (change.productionOrder, record.seq)
            }
        }
        let lots = order.compactMap { latest[$0] }
        guard !lots.isEmpty else { return [] }
        let pegs = lots.flatMap { lot in lot.record.pegs.map { (lot.record.productionOrderID, $0) } }
        var statements: [PGStatement] = [
            .prepared(name: upsertLots.name, parameters: [
                .text(shard), .textArray(lots.map(\.record.productionOrderID)), .textArray(lots.map(\.record.itemID)),
                .int64Array(lots.map(\.record.quantityMicros)), .textArray(lots.map(\.record.unit)),
                .int64Array(lots.map(\.record.dueDate.epochMicros)), .textArray(lots.map(\.record.routingID)),
                .int64Array(lots.map { Int64(clamping: $0.record.routingVersion) }), .textArray(lots.map(\.record.bomID)),
                .int64Array(lots.map { Int64(clamping: $0.record.bomVersion) }),
                .textArray(lots.map { ProductionOrderStates.name($0.record.state) }),
                .int64Array(lots.map { Int64(clamping: $0.record.version) }),
                .int64Array(lots.map(\.record.createdAt.epochMicros)), .int64Array(lots.map(\.record.updatedAt.epochMicros)),
                .int64Array(lots.map(\.seq)),
            ]),
            .prepared(name: deletePegs.name, parameters: [.text(shard), .textArray(lots.map(\.record.productionOrderID))]),
        ]
        if !pegs.isEmpty {
            statements.append(.prepared(name: insertPegs.name, parameters: [
                .text(shard), .textArray(pegs.map(\.0)), .textArray(pegs.map(\.1.orderID)),
                .textArray(pegs.map(\.1.lineID)), .int64Array(pegs.map(\.1.quantityMicros)),
            ]))
        }
        return statements
    }
}
