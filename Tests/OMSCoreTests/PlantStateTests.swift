import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// A plant's inventory and orders on one journal: random interleavings of
/// both domains' commands keep one gap-free sequence, history entries carry
/// the plant's journal sequence, and replay (through the wire format, as the
/// journal stores events) and snapshots rebuild exactly the same plant.
@Suite struct PlantStateTests {
    static let plant = "P1"

    @Test(arguments: [UInt64(7), 42, 20_261_126])
    func interleavedDomainsReplayToTheSamePlant(seed: UInt64) async throws {
        var generator = SeededGenerator(state: seed)
        var plant = PlantState(plantID: Self.plant)
        var journal: [PlantEvent] = []
        var now = Date(timeIntervalSince1970: 1_800_000_000)
        var orderIDs: [String] = []

        for step in 0..<400 {
            // Long and CPU-bound: let the other suites' tasks run (the pool has one thread per core).
            if step % 50 == 0 { await Task.yield() }
            now += 60
            let context = CommandContext(now: now, principal: "erp", idempotencyKey: "k\(step)", plantID: Self.plant)
            let command = Self.randomCommand(step: step, orders: orderIDs, using: &generator)
            guard let (events, reply) = try? plant.decide(command, context: context) else { continue }
            for event in events {
                plant.apply(event)
                journal.append(try Self.throughWire(event))
            }
            if case .order(.submit(let response)) = reply, response.created {
                orderIDs.append(response.order.orderID)
            }
        }
        #expect(plant.sequence == Int64(journal.count), "one sequence for both domains")
        #expect(!orderIDs.isEmpty && plant.inventory.reservations.count > 0, "both domains were exercised")

        // Every order's history names exactly the plant journal positions of its events.
        var expected: [String: [UInt64]] = [:]
        for (index, event) in journal.enumerated() {
            guard case .order(let event) = event else { continue }
            for id in OrderBook.orderIDs(of: event) { expected[id, default: []].append(UInt64(index + 1)) }
        }
        for id in orderIDs {
            var request = Oms_V1_OrderHistoryRequest()
            request.orderID = id
            request.pageSize = 1000
            #expect(try plant.orders.history(request).entries.map(\.sequence) == expected[id])
        }

        var replayed = PlantState(plantID: Self.plant)
        journal.forEach { replayed.apply($0) }
        #expect(replayed == plant)

        // Recovery sizes the tables for every event of the journal, then gives back what stayed empty.
        var sized = PlantState(plantID: Self.plant)
        sized.reserveInventoryCapacity(forEvents: 100_000)
        #expect(sized.inventory.reservations.capacity >= 100_000 && sized.inventory.idempotentReserves.capacity >= 100_000)
        journal.forEach { sized.apply($0) }
        sized.releaseUnusedInventoryCapacity()
        #expect(sized == plant)
        #expect(sized.inventory.reservations.capacity < 4 * sized.inventory.reservations.count + 2_048)
        #expect(sized.inventory.idempotentReserves.capacity < 4 * sized.inventory.idempotentReserves.count + 2_048)

        // A snapshot in the middle plus the tail after it is the same plant too.
        let cut = journal.count / 2
        var head = PlantState(plantID: Self.plant)
        journal[..<cut].forEach { head.apply($0) }
        // Encoded as the daemon saves it: in parts, the same message as swift-protobuf's encoding.
        let encoded = head.encodedSnapshot()
        let snapshot = try Oms_Journal_V1_PlantSnapshot(serializedBytes: encoded)
        #expect(snapshot == head.snapshot())
        #expect(!snapshot.inventory.reservations.isEmpty && !snapshot.inventory.idempotentReserves.isEmpty)
        #expect(!snapshot.orders.orders.isEmpty)
        var restored = PlantState(snapshot: snapshot)
        journal[cut...].forEach { restored.apply($0) }
        #expect(restored == plant)

        // Restored as the daemon restores it, from these bytes and from swift-protobuf's.
        #expect(try PlantState(encodedSnapshot: encoded) == head)
        #expect(try PlantState(encodedSnapshot: head.snapshot().serializedBytes()) == head)
        // Cut short anywhere, the bytes are refused, never half restored.
        for length in [1, encoded.count / 3, encoded.count - 1] {
            #expect(throws: (any Error).self) { try PlantState(encodedSnapshot: Array(encoded.prefix(length))) }
        }
    }

    static func randomCommand(step: Int, orders: [String], using generator: inout SeededGenerator) -> PlantCommand {
        let item = ["SHAFT-20", "FLANGE-3"][Int.random(in: 0...1, using: &generator)]
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            var request = Oms_V1_ReceiveStockRequest()
            request.plantID = plant
            request.kind = .purchase
            var line = Oms_V1_StockLine()
            line.itemID = item
            line.quantity = "\(Int.random(in: 1...20, using: &generator))"
            request.lines = [line]
            return .inventory(.receive(request))
        case 1:
            var request = Oms_V1_ReserveStockRequest()
            request.plantID = plant
            request.externalReference = "r\(step)"
            request.firm = true
            var line = Oms_V1_StockLine()
            line.itemID = item
            line.quantity = "\(Int.random(in: 1...5, using: &generator))"
            request.lines = [line]
            return .inventory(.reserve(request))
        case 2, 3:
            var request = Oms_V1_SubmitOrderRequest()
            request.sourceSystem = "erp"
            // Some business keys repeat: idempotent resubmissions and conflicts.
            request.externalOrderID = "PO-\(Int.random(in: 0..<40, using: &generator))"
            request.plantID = plant
            var line = Oms_V1_OrderLineInput()
            line.lineID = "10"
            line.itemID = item
            line.quantity = "\(Int.random(in: 1...3, using: &generator))"
            line.dueDate = Google_Protobuf_Timestamp(seconds: 1_800_100_000 + Int64(step) * 600)
            request.lines = [line]
            return .order(.submit(request), onBehalfOf: "")
        case 4:
            var request = Oms_V1_ApproveOrderRequest()
            request.orderID = orders.randomElement(using: &generator) ?? "P1-O1"
            return .order(.approve(request), onBehalfOf: "planner")
        default:
            var request = Oms_V1_HoldOrderRequest()
            request.orderID = orders.randomElement(using: &generator) ?? "P1-O1"
            request.reason = "credit check"
            return .order(.hold(request), onBehalfOf: "")
        }
    }

    static func throughWire(_ event: PlantEvent) throws -> PlantEvent {
        switch event {
        case .inventory(let event):
            .inventory(try Oms_Journal_V1_InventoryEvent(serializedBytes: try event.serializedBytes() as [UInt8]))
        case .order(let event):
            .order(try Oms_Journal_V1_OrderEvent(serializedBytes: try event.serializedBytes() as [UInt8]))
        }
    }
}
