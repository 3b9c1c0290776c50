import Foundation
import OMSClient
import OMSProto
import OMSStore
import Testing

/// A new database starts with empty tables, and the journal writer's plans
/// are made then. Once the daemon has refreshed the planner's statistics,
/// amending an order must touch that order's lines through the primary key,
/// not read every line of the plant (what the plans made on empty tables did,
/// once per batch, until autovacuum came by). Reservations grow first, as in
/// a plant that stocks up before its first orders: each table is analyzed
/// when it has grown, not when the journal has.
@Suite("Planner statistics")
struct PlannerStatisticsTests {
    static let orders = 1_200

    @Test func amendsInANewDatabaseProbeTheirOwnLinesOnceStatisticsAreRefreshed() async throws {
        let daemon = try await DaemonProcess.start()
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        let connection = try PGConnection(connectionString: try await daemon.databaseConnectionString())
        defer { connection.close() }

        _ = try await client.receive(plant: "P1", item: "SHAFT-20", quantity: "100000")
        for chunk in stride(from: 0, to: 1_100, by: 100) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in chunk..<(chunk + 100) {
                    group.addTask { _ = try await client.reserve(plant: "P1", item: "SHAFT-20", quantity: "1", key: "PS-R\(n)") }
                }
                try await group.waitForAll()
            }
        }

        // Amends while the order tables are small: the writer's plans for them are made now.
        var submitted = try await Self.submit(0..<200, client)
        try await Self.amend(submitted.prefix(10), client)
        // Enough more for order_lines to hold 1,000 rows and be analyzed.
        submitted += try await Self.submit(200..<Self.orders, client)
        #expect(submitted.count == Self.orders)

        // Analyzed, and not due again by the daemon's rule (autovacuum may have
        // come first on a busy machine: then its statistics are the ones in use).
        let analyzed = try await Self.poll(timeout: .seconds(60)) {
            try connection.execute(
                """
                SELECT 1 FROM pg_stat_user_tables AS s JOIN pg_class AS c ON c.oid = s.relid
                 WHERE s.relname = 'order_lines' AND coalesce(s.last_analyze, s.last_autoanalyze) IS NOT NULL
                   AND s.n_live_tup < 4 * c.reltuples
                """
            ).count == 1
        }
        #expect(analyzed, "order_lines was analyzed once it had grown")

        let before = try await Self.flushedIndexReads(connection, client, nudges: 10_000)
        let later = Array(submitted.suffix(20))
        try await Self.amend(later[...], client)
        let after = try await Self.flushedIndexReads(connection, client, nudges: 20_000)

        let byKey = (after["order_lines_pkey"] ?? 0) - (before["order_lines_pkey"] ?? 0)
        let byItem = (after["order_lines_by_item"] ?? 0) - (before["order_lines_by_item"] ?? 0)
        #expect(byKey >= 20, "each amend found its order's lines by key (\(byKey) entries read)")
        #expect(byItem < Int64(Self.orders), "no amend read the plant's lines by item (\(byItem) entries read)")

        let amended = try connection.execute(
            "SELECT count(*) FROM order_lines WHERE order_id = ANY($1::text[]) AND quantity = 15",
            [.textArray(later.map(\.orderID))])
        #expect(amended.int64(row: 0, column: 0) == 20, "the amended lines are in the table")
        #expect(await daemon.terminate() == 0)
    }

    static func submit(_ numbers: Range<Int>, _ client: OMSClient) async throws -> [Oms_V1_Order] {
        var orders: [Oms_V1_Order] = []
        for chunk in stride(from: numbers.lowerBound, to: numbers.upperBound, by: 100) {
            orders += try await withThrowingTaskGroup(of: Oms_V1_Order.self) { group in
                for n in chunk..<min(chunk + 100, numbers.upperBound) {
                    group.addTask {
                        let response: Oms_V1_SubmitOrderResponse = try await client.unary(
                            "oms.v1.OrderService/Submit", OrderTests.submitRequest(external: "PS-\(n)"))
                        return response.order
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        return orders
    }

    static func amend(_ orders: ArraySlice<Oms_V1_Order>, _ client: OMSClient) async throws {
        for order in orders {
            var amend = Oms_V1_AmendOrderRequest()
            amend.orderID = order.orderID
            amend.expectedVersion = order.version
            amend.lines = OrderTests.submitRequest(external: "unused", quantity: "15").lines
            amend.reason = "customer called"
            let _: Oms_V1_AmendOrderResponse = try await client.unary("oms.v1.OrderService/Amend", amend)
        }
    }

    /// Index entries read per index of order_lines, with everything the writer did counted.
    /// A backend hands its counters over at most once a second when it goes idle,
    /// and an idle one only after ten: so, a second after the last flush, the writer
    /// is given one more transaction (an order without index reads on order_lines),
    /// which makes it flush all; until two readings agree.
    /// The extra orders are numbered from `nudges` on.
    static func flushedIndexReads(
        _ connection: PGConnection, _ client: OMSClient, nudges: Int
    ) async throws -> [String: Int64] {
        var last: [String: Int64]?
        for attempt in 0..<15 {
            try await Task.sleep(for: .milliseconds(1_100))
            _ = try await submit((nudges + attempt)..<(nudges + attempt + 1), client)
            try await Task.sleep(for: .milliseconds(300))
            _ = try connection.execute("SELECT pg_stat_clear_snapshot()")
            let rows = try connection.execute(
                "SELECT indexrelname, idx_tup_read FROM pg_stat_user_indexes WHERE relname = 'order_lines'")
            var reads: [String: Int64] = [:]
            for row in 0..<rows.count {
                if let name = rows.string(row: row, column: 0) { reads[name] = rows.int64(row: row, column: 1) ?? 0 }
            }
            if reads == last { return reads }
            last = reads
        }
        return last ?? [:]
    }

    static func poll(timeout: Duration, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try condition()
    }
}
