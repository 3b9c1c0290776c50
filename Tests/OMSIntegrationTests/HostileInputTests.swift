import Foundation
import OMSClient
import OMSProto
import OMSWire
import Testing

/// Requests a careless or hostile client sends, against the real daemon and
/// its PostgreSQL: each gets a clear status of its own, no other client's
/// write fails with it, and what is stored reads back exactly.
@Suite("Hostile input", .serialized)
struct HostileInputTests {
    static func code(_ call: () async throws -> Void) async -> StatusCode? {
        do {
            try await call()
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return nil
        }
    }

    /// A NUL character, an oversized string or list: refused at the door,
    /// while good writes racing with them in the same group commits succeed.
    @Test func badStringsFailOnlyTheirOwnCalls() async throws {
        let daemon = try await DaemonProcess.start()
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }

        let codes = await withTaskGroup(of: (bad: Bool, code: StatusCode?).self) { group in
            for index in 0..<40 {
                let bad = index % 4 == 0
                group.addTask {
                    (bad, await Self.code {
                        _ = try await client.receive(plant: "P1", item: "BOLT", quantity: "1", reference: bad ? "grn\u{0}\(index)" : "grn-\(index)")
                    })
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(codes.filter(\.bad).allSatisfy { $0.code == .invalidArgument }, "\(codes)")
        #expect(codes.filter { !$0.bad }.allSatisfy { $0.code == .ok }, "\(codes)")
        #expect(try await client.balance(plant: "P1", item: "BOLT").onHand == "30", "every good receipt, no bad one")

        // Reads with such filters, a NUL in the header, an oversized unit, too many lines.
        #expect(await Self.code { _ = try await client.ledger(plant: "P1", item: "BOLT\u{0}") } == .invalidArgument)
        #expect(await Self.code {
            let _: Oms_V1_ReserveStockResponse = try await client.unary(
                "oms.v1.InventoryService/Reserve",
                Oms_V1_ReserveStockRequest.with {
                    $0.plantID = "P1"
                    $0.externalReference = "pick-1"
                    $0.lines = [.with { $0.itemID = "BOLT"; $0.quantity = "1" }]
                },
                options: CallOptions(idempotencyKey: "key\u{0}"))
        } == .invalidArgument)
        var longUnit = Oms_V1_ReceiveStockRequest()
        longUnit.plantID = "P1"
        longUnit.lines = [.with { $0.itemID = "RAW"; $0.quantity = "1"; $0.unit = String(repeating: "A", count: 100_000) }]
        #expect(await Self.code {
            let _: Oms_V1_ReceiveStockResponse = try await client.unary("oms.v1.InventoryService/Receive", longUnit)
        } == .invalidArgument)
        var manyLines = Oms_V1_ReceiveStockRequest()
        manyLines.plantID = "P1"
        manyLines.lines = Array(repeating: .with { $0.itemID = "RAW"; $0.quantity = "1" }, count: InputLimits.mostEntries + 1)
        #expect(await Self.code {
            let _: Oms_V1_ReceiveStockResponse = try await client.unary("oms.v1.InventoryService/Receive", manyLines)
        } == .invalidArgument)
        #expect(try await client.ledger(plant: "P1", item: "BOLT").count == 30)
        #expect(await daemon.terminate() == 0)
    }

    /// Quantities with more digits than a double holds are stored exactly:
    /// the ledger's quantities and running balance end at Availability's on hand.
    @Test func largeQuantitiesKeepEveryDigit() async throws {
        let daemon = try await DaemonProcess.start()
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        for quantity in ["4000000000000.000001", "1234567890123.123456"] {
            _ = try await client.receive(plant: "P1", item: "BIG", quantity: quantity)
        }
        let ledger = try await client.ledger(plant: "P1", item: "BIG")
        #expect(ledger.map(\.quantity) == ["4000000000000.000001", "1234567890123.123456"])
        #expect(ledger.map(\.onHandAfter) == ["4000000000000.000001", "5234567890123.123457"])
        #expect(try await client.balance(plant: "P1", item: "BIG").onHand == ledger.last?.onHandAfter)
        #expect(await daemon.terminate() == 0)
    }

    /// A Watch naming thousands of plants that do not exist costs no journal
    /// read per name: its first heartbeats come at once, and the daemon serves on.
    @Test func watchingThousandsOfUnknownPlantsIsCheap() async throws {
        let daemon = try await DaemonProcess.start()
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        _ = try await client.receive(plant: "P1", item: "BOLT", quantity: "1")

        var request = Oms_V1_WatchEventsRequest()
        request.plantIds = ["P1"] + (0..<9_999).map { "X\($0)" }
        request.start = .oldest
        request.heartbeatSeconds = 1
        var stream = client.serverStream(
            "oms.v1.WatchService/Watch", request, as: Oms_V1_Event.self, options: CallOptions(timeout: .seconds(60))
        ).makeAsyncIterator()
        var heartbeats: Set<String> = []
        while heartbeats.count < request.plantIds.count, let event = try await stream.next() {
            if case .heartbeat? = event.payload { heartbeats.insert(event.plantID) }
        }
        #expect(heartbeats == Set(request.plantIds), "one heartbeat per plant watched")
        #expect(try await client.balance(plant: "P1", item: "BOLT").onHand == "1")
        #expect(await daemon.terminate() == 0)
    }
}
