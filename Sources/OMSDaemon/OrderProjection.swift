import OMSCore
import OMSEngine
import OMSProto
import OMSStore
import SwiftProtobuf

/// Keeps `orders` and `order_lines` in step with a plant's order events, in
/// the same transaction. A batch's events are folded per order first; then
/// at most five set-based statements: new orders, changed orders, lines of
/// amended orders deleted, line sets inserted, shipped quantities (in that
/// order, so lines written in the batch exist before a shipment counts).
enum OrderProjection {
    static let insertOrders = PreparedStatement(
        name: "oms_orders_insert",
        sql: """
            INSERT INTO orders (shard, order_id, source_system, external_order_id, customer, plant, state, priority,
                                expedited, due_at, version, received_at, updated_at, updated_seq)
            SELECT $1, u.id, u.source, u.external, u.customer, u.plant, u.state, u.priority, u.expedited = 1,
                   to_timestamp(u.due / 1000000.0), u.version, to_timestamp(u.at / 1000000.0),
                   to_timestamp(u.at / 1000000.0), u.seq
              FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int8[],
                          $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[])
                AS u(id, source, external, customer, plant, state, priority, expedited, due, version, at, seq)
            """,
        parameterTypes: [25, 1009, 1009, 1009, 1009, 1009, 1009, 1016, 1016, 1016, 1016, 1016, 1016])

    /// Sentinels mean "unchanged in this batch": '' for state, -1 for numbers.
    static let updateOrders = PreparedStatement(
        name: "oms_orders_update",
        sql: """
            UPDATE orders AS o SET
                state = CASE WHEN u.state = '' THEN o.state ELSE u.state END,
                priority = CASE WHEN u.priority < 0 THEN o.priority ELSE u.priority END,
                expedited = CASE WHEN u.expedited < 0 THEN o.expedited ELSE u.expedited = 1 END,
                due_at = CASE WHEN u.due < 0 THEN o.due_at ELSE to_timestamp(u.due / 1000000.0) END,
                version = u.version, updated_at = to_timestamp(u.at / 1000000.0), updated_seq = u.seq
              FROM unnest($2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[], $7::int8[], $8::int8[], $9::int8[])
                AS u(id, state, priority, expedited, due, version, at, seq)
             WHERE o.shard = $1 AND o.order_id = u.id
            """,
        parameterTypes: [25, 1009, 1009, 1016, 1016, 1016, 1016, 1016, 1016])

    /// The lines of amended orders go (their new set is inserted next).
    static let deleteLines = PreparedStatement(
        name: "oms_order_lines_delete",
        sql: "DELETE FROM order_lines WHERE shard = $1 AND order_id = ANY($2::text[])",
        parameterTypes: [25, 1009])

    static let insertLines = PreparedStatement(
        name: "oms_order_lines_insert",
        sql: """
            INSERT INTO order_lines (shard, order_id, line_id, item, quantity, unit, due_at, plant)
            SELECT $1, u.id, u.line, u.item, u.quantity * 0.000001, u.unit, to_timestamp(u.due / 1000000.0), u.plant
              FROM unnest($2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::int8[], $8::text[])
                AS u(id, line, item, quantity, unit, due, plant)
            """,
        parameterTypes: [25, 1009, 1009, 1009, 1016, 1009, 1016, 1009])

    static let shipLines = PreparedStatement(
        name: "oms_order_lines_ship",
        sql: """
            UPDATE order_lines AS l SET quantity_shipped = l.quantity_shipped + u.quantity * 0.000001
              FROM unnest($2::text[], $3::text[], $4::int8[]) AS u(id, line, quantity)
             WHERE l.shard = $1 AND l.order_id = u.id AND l.line_id = u.line
            """,
        parameterTypes: [25, 1009, 1009, 1016])

    static let statements = [insertOrders, updateOrders, deleteLines, insertLines, shipLines]

    /// One order's changes within a batch.
    struct Change {
        var submitted: Oms_Journal_V1_OrderSubmitted?
        var state = ""
        var priority: Int64 = -1
        var expedited: Int64 = -1
        var version: Int64 = 1
        var lines: [Oms_Journal_V1_OrderLineContent]?
        var linesReplaced = false
        var receivedAt: Int64 = 0
        var at: Int64 = 0
        var seq: Int64 = 0
    }

    static func statements(shard: String, records: [JournalRecord<Oms_Journal_V1_OrderEvent>]) -> [PGStatement] {
        var changes: [String: Change] = [:]
        var order: [String] = []
        var shipped: [(id: String, line: String, quantity: Int64)] = []
        func touch(_ id: String, _ record: JournalRecord<Oms_Journal_V1_OrderEvent>, _ body: (inout Change) -> Void) {
            if changes[id] == nil { order.append(id) }
            var change = changes[id] ?? Change()
            change.at = record.event.at.epochMicros
            change.seq = record.seq
            body(&change)
            changes[id] = change
        }
        for record in records {
            switch record.event.event {
            case .orderSubmitted(let e):
                touch(e.orderID, record) {
                    $0.submitted = e
                    $0.receivedAt = $0.at
                    $0.state = "RECEIVED"
                    $0.priority = Int64(e.effectivePriority)
                    $0.expedited = 0
                    $0.lines = e.lines
                }
            case .orderAmended(let e):
                touch(e.orderID, record) {
                    $0.priority = Int64(e.effectivePriority)
                    $0.version = Int64(e.version)
                    $0.lines = e.lines
                    $0.linesReplaced = true
                }
            case .orderStateChanged(let e):
                touch(e.orderID, record) {
                    $0.state = OrderLifecycle.name(e.newState)
                    $0.version = Int64(e.version)
                }
            case .orderExpediteChanged(let e):
                touch(e.orderID, record) {
                    $0.expedited = e.expedited ? 1 : 0
                    $0.version = Int64(e.version)
                }
            case .orderShipped(let e):
                touch(e.orderID, record) {
                    $0.state = OrderLifecycle.name(e.newState)
                    $0.version = Int64(e.version)
                }
                shipped += e.lines.map { (e.orderID, $0.lineID, $0.quantityMicros) }
            case .productionOrdersChanged:
                // ProductionOrderProjection's.
                break
            case nil:
                break
            }
        }
        guard !order.isEmpty else { return [] }
        return ([insert(shard, order, changes), update(shard, order, changes)] + lines(shard, order, changes))
            .compactMap { $0 } + (shipped.isEmpty ? [] : [
                .prepared(name: shipLines.name, parameters: [
                    .text(shard), .textArray(shipped.map(\.id)), .textArray(shipped.map(\.line)),
                    .int64Array(shipped.map(\.quantity)),
                ])
            ])
    }

    private static func insert(_ shard: String, _ order: [String], _ changes: [String: Change]) -> PGStatement? {
        let new = order.compactMap { id in changes[id].flatMap { change in change.submitted.map { (id, $0, change) } } }
        guard !new.isEmpty else { return nil }
        return .prepared(name: insertOrders.name, parameters: [
            .text(shard), .textArray(new.map(\.0)), .textArray(new.map(\.1.sourceSystem)),
            .textArray(new.map(\.1.externalOrderID)), .textArray(new.map(\.1.customerID)),
            .textArray(new.map(\.1.plantID)), .textArray(new.map(\.2.state)), .int64Array(new.map(\.2.priority)),
            .int64Array(new.map(\.2.expedited)), .int64Array(new.map { earliestDue($0.2.lines ?? []) }),
            .int64Array(new.map(\.2.version)), .int64Array(new.map(\.2.receivedAt)),
            .int64Array(new.map(\.2.seq)),
        ])
    }

    private static func update(_ shard: String, _ order: [String], _ changes: [String: Change]) -> PGStatement? {
        let existing = order.compactMap { id in changes[id].flatMap { $0.submitted == nil ? (id, $0) : nil } }
        guard !existing.isEmpty else { return nil }
        return .prepared(name: updateOrders.name, parameters: [
            .text(shard), .textArray(existing.map(\.0)), .textArray(existing.map(\.1.state)),
            .int64Array(existing.map(\.1.priority)), .int64Array(existing.map(\.1.expedited)),
            .int64Array(existing.map { $0.1.lines.map(earliestDue) ?? -1 }), .int64Array(existing.map(\.1.version)),
            .int64Array(existing.map(\.1.at)), .int64Array(existing.map(\.1.seq)),
        ])
    }

    private static func lines(_ shard: String, _ order: [String], _ changes: [String: Change]) -> [PGStatement?] {
        var ids: [String?] = [], lineIDs: [String?] = [], items: [String?] = [], units: [String?] = []
        var plants: [String?] = [], quantities: [Int64] = [], dues: [Int64] = []
        var replaced: [String?] = []
        for id in order {
            guard let change = changes[id], let lines = change.lines else { continue }
            if change.linesReplaced { replaced.append(id) }
            for line in lines {
                ids.append(id)
                lineIDs.append(line.lineID)
                items.append(line.itemID)
                quantities.append(line.quantityMicros)
                units.append(line.unit)
                dues.append(line.dueDate.epochMicros)
                plants.append(line.plantID)
            }
        }
        guard !ids.isEmpty else { return [] }
        return [
            replaced.isEmpty ? nil : .prepared(name: deleteLines.name, parameters: [.text(shard), .textArray(replaced)]),
            .prepared(name: insertLines.name, parameters: [
                .text(shard), .textArray(ids), .textArray(lineIDs), .textArray(items),
                .int64Array(quantities), .textArray(units), .int64Array(dues), .textArray(plants),
            ]),
        ]
    }

    static func earliestDue(_ lines: [Oms_Journal_V1_OrderLineContent]) -> Int64 {
        lines.map { $0.dueDate.epochMicros }.min() ?? 0
    }

}
