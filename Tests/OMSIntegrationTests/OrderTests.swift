import Foundation
import OMSClient
import OMSProto
import OMSStore
import OMSWire
import SwiftProtobuf
import Testing

/// Customer orders through the real daemon and client: idempotent intake
/// under concurrent duplicates, optimistic concurrency, the lifecycle's
/// refusals, queries across plants, and durability across a SIGKILL.
@Suite("Orders", .serialized)
struct OrderTests {
    static func submitRequest(plant: String = "P1", external: String, quantity: String = "10", dueDays: Int = 7) -> Oms_V1_SubmitOrderRequest {
        var request = Oms_V1_SubmitOrderRequest()
        request.sourceSystem = "sap-prd"
        request.externalOrderID = external
        request.channel = .erp
        request.customerID = "C-ACME"
        request.plantID = plant
        var line = Oms_V1_OrderLineInput()
        line.lineID = "10"
        line.itemID = "SHAFT-20"
        line.quantity = quantity
        line.dueDate = Google_Protobuf_Timestamp(date: Date(timeIntervalSince1970: 1_900_000_000 + Double(dueDays) * 86_400))
        request.lines = [line]
        return request
    }

    @Test func twentyConcurrentDuplicatesMakeOneOrder() async throws {
        let daemon = try await DaemonProcess.start()
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }

        let request = Self.submitRequest(external: "4500012345")
        let responses = try await withThrowingTaskGroup(of: Oms_V1_SubmitOrderResponse.self) { group in
            for _ in 0..<20 {
                group.addTask { try await client.unary("oms.v1.OrderService/Submit", request) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(responses.map(\.order.orderID)).count == 1, "one order for one business key")
        #expect(responses.filter(\.created).count == 1, "exactly one submission created it")

        // The same key with other content: ALREADY_EXISTS naming what differs.
        let conflicting = Self.submitRequest(external: "4500012345", quantity: "12")
        let conflict = await #expect(throws: RPCError.self) {
            let _: Oms_V1_SubmitOrderResponse = try await client.unary("oms.v1.OrderService/Submit", conflicting)
        }
        #expect(conflict?.code == .alreadyExists)
        let fields = conflict?.details.map(\.fieldViolation.field) ?? []
        #expect(fields.contains("lines[id=10].quantity"), "difference named: \(fields)")

        var list = Oms_V1_ListOrdersRequest()
        list.plantID = "P1"
        let listed: Oms_V1_ListOrdersResponse = try await client.unary("oms.v1.OrderService/List", list)
        #expect(listed.orders.count == 1)
        #expect(await daemon.terminate() == 0)
    }

    @Test func lifecycleVersionsAndHistorySurviveACrash() async throws {
        var daemon = try await DaemonProcess.start()
        var client = try await OMSClient.connect(to: daemon.unix)

        let submitted: Oms_V1_SubmitOrderResponse = try await client.unary(
            "oms.v1.OrderService/Submit", Self.submitRequest(external: "PO-1"))
        let id = submitted.order.orderID
        #expect(id.hasPrefix("P1-O"))
        #expect(submitted.order.state == .received)

        // Amend based on the version read: accepted; based on a stale one: ABORTED.
        var amend = Oms_V1_AmendOrderRequest()
        amend.orderID = id
        amend.expectedVersion = submitted.order.version
        amend.lines = Self.submitRequest(external: "PO-1", quantity: "15").lines
        amend.reason = "customer called"
        let amended: Oms_V1_AmendOrderResponse = try await client.unary("oms.v1.OrderService/Amend", amend)
        #expect(amended.order.version == submitted.order.version + 1)
        let stale = await #expect(throws: RPCError.self) {
            let _: Oms_V1_AmendOrderResponse = try await client.unary("oms.v1.OrderService/Amend", amend)
        }
        #expect(stale?.code == .aborted)

        // Approve, then an illegal transition names the current state.
        var approve = Oms_V1_ApproveOrderRequest()
        approve.orderID = id
        let approved: Oms_V1_ApproveOrderResponse = try await client.unary("oms.v1.OrderService/Approve", approve)
        #expect(approved.order.state == .approved)
        var releaseHold = Oms_V1_ReleaseOrderHoldRequest()
        releaseHold.orderID = id
        let illegal = await #expect(throws: RPCError.self) {
            let _: Oms_V1_ReleaseOrderHoldResponse = try await client.unary("oms.v1.OrderService/ReleaseHold", releaseHold)
        }
        #expect(illegal?.code == .failedPrecondition)
        #expect(illegal?.details.contains { $0.precondition.currentState == "APPROVED" } == true)

        var expedite = Oms_V1_ExpediteOrderRequest()
        expedite.orderID = id
        expedite.reason = "line down at the customer"
        let expedited: Oms_V1_ExpediteOrderResponse = try await client.unary("oms.v1.OrderService/Expedite", expedite)
        #expect(expedited.order.expedited)

        // Acknowledged: survives SIGKILL, with its whole history.
        client.close()
        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon)
        client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        var get = Oms_V1_GetOrderRequest()
        var external = Oms_V1_ExternalOrderRef()
        external.sourceSystem = "sap-prd"
        external.externalOrderID = "PO-1"
        get.external = external
        let found: Oms_V1_GetOrderResponse = try await client.unary("oms.v1.OrderService/Get", get)
        #expect(found.order.orderID == id)
        #expect(found.order.state == .approved)
        #expect(found.order.expedited)
        #expect(found.order.lines.first?.quantity == "15")
        var history = Oms_V1_OrderHistoryRequest()
        history.orderID = id
        let trail: Oms_V1_OrderHistoryResponse = try await client.unary("oms.v1.OrderService/History", history)
        #expect(trail.entries.map(\.action) == [.submitted, .amended, .approved, .expedited])
        #expect(trail.entries.map(\.version) == [1, 2, 3, 4])

        // The query tables, written in the same transactions, say the same.
        let connection = try PGConnection(connectionString: try await daemon.databaseConnectionString())
        defer { connection.close() }
        let row = try connection.execute(
            "SELECT state, version, expedited::text, external_order_id FROM orders WHERE order_id = $1", [.text(id)])
        #expect(row.count == 1)
        #expect(row.string(row: 0, column: 0) == "APPROVED")
        #expect(row.int64(row: 0, column: 1) == 4)
        #expect(row.string(row: 0, column: 2) == "true")
        #expect(row.string(row: 0, column: 3) == "PO-1")
        let lines = try connection.execute(
            "SELECT line_id, quantity::text, item FROM order_lines WHERE order_id = $1", [.text(id)])
        #expect(lines.count == 1)
        #expect(lines.string(row: 0, column: 0) == "10")
        #expect(Double(lines.string(row: 0, column: 1) ?? "") == 15)
        #expect(await daemon.terminate() == 0)
    }

    @Test func listMergesPlantsInDueOrderAcrossPages() async throws {
        let daemon = try await DaemonProcess.start()
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        // Stock in one plant first: inventory and orders share the plant's writer.
        _ = try await client.receive(plant: "P2", item: "SHAFT-20", quantity: "5")
        for n in 0..<9 {
            let plant = ["P1", "P2", "P3"][n % 3]
            let _: Oms_V1_SubmitOrderResponse = try await client.unary(
                "oms.v1.OrderService/Submit", Self.submitRequest(plant: plant, external: "L-\(n)", dueDays: 20 - n))
        }
        var request = Oms_V1_ListOrdersRequest()
        request.pageSize = 4
        var seen: [Oms_V1_Order] = []
        repeat {
            let page: Oms_V1_ListOrdersResponse = try await client.unary("oms.v1.OrderService/List", request)
            #expect(page.orders.count <= 4)
            seen += page.orders
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        #expect(seen.count == 9, "every order exactly once")
        #expect(Set(seen.map(\.orderID)).count == 9)
        let dues = seen.map { $0.dueDate.seconds }
        #expect(dues == dues.sorted(), "in due-date order across plants")
        #expect(await daemon.terminate() == 0)
    }
}

/// WatchService: a stream resumed from the last sequence it processed, after
/// its connection dropped and the daemon itself was killed, sees every order
/// event exactly once and in order.
@Suite("Order watch", .serialized)
struct OrderWatchTests {
    /// Reads order events from a stream until `count` have arrived (heartbeats skipped).
    static func take(_ count: Int, from iterator: inout ServerStreamResponses<Oms_V1_Event>.AsyncIterator) async throws -> [Oms_V1_Event] {
        var events: [Oms_V1_Event] = []
        while events.count < count, let event = try await iterator.next() {
            if case .order? = event.payload { events.append(event) }
        }
        return events
    }

    static func submit(_ client: OMSClient, _ n: Int) async throws -> String {
        let response: Oms_V1_SubmitOrderResponse = try await client.unary(
            "oms.v1.OrderService/Submit", OrderTests.submitRequest(external: "W-\(n)"))
        return response.order.orderID
    }

    @Test func resumedWatchSeesEveryEventExactlyOnce() async throws {
        var daemon = try await DaemonProcess.start()
        var writer = try await OMSClient.connect(to: daemon.unix)
        var watcher = try await OMSClient.connect(to: daemon.unix)

        var request = Oms_V1_WatchEventsRequest()
        request.plantIds = ["P1"]
        request.start = .oldest
        var stream = watcher.serverStream(
            "oms.v1.WatchService/Watch", request, as: Oms_V1_Event.self, options: CallOptions(timeout: .seconds(60))
        ).makeAsyncIterator()
        var ids: [String] = []
        for n in 0..<5 { ids.append(try await Self.submit(writer, n)) }
        var seen = try await Self.take(5, from: &stream)
        let resumeAfter = try #require(seen.last?.sequence)

        // The watcher drops; changes go on; the daemon is killed and restarted.
        watcher.close()
        for n in 5..<10 { ids.append(try await Self.submit(writer, n)) }
        var approve = Oms_V1_ApproveOrderRequest()
        approve.orderID = ids[0]
        let _: Oms_V1_ApproveOrderResponse = try await writer.unary("oms.v1.OrderService/Approve", approve)
        writer.close()
        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon)
        writer = try await OMSClient.connect(to: daemon.unix)
        watcher = try await OMSClient.connect(to: daemon.unix)
        defer {
            writer.close()
            watcher.close()
        }

        // Resume after the last processed sequence: the journal's events, then live ones.
        request.afterSequence = ["P1": resumeAfter]
        stream = watcher.serverStream(
            "oms.v1.WatchService/Watch", request, as: Oms_V1_Event.self, options: CallOptions(timeout: .seconds(60))
        ).makeAsyncIterator()
        seen += try await Self.take(6, from: &stream)
        ids.append(try await Self.submit(writer, 10))
        seen += try await Self.take(1, from: &stream)

        let sequences = seen.map(\.sequence)
        #expect(sequences == sequences.sorted(), "in journal order")
        #expect(Set(sequences).count == sequences.count, "no event twice")
        let submitted = seen.filter { $0.order.entry.action == .submitted }.map(\.order.order.orderID)
        #expect(submitted == ids, "every submission once, in order")
        #expect(seen.filter { $0.order.entry.action == .approved }.map(\.order.order.orderID) == [ids[0]])
        #expect(seen.allSatisfy { $0.order.entry.sequence == $0.sequence })
        #expect(await daemon.terminate() == 0)
    }
}
