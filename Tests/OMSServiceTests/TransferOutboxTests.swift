import Foundation
import OMSCore
import OMSEngine
import OMSProto
@testable import OMSServices
import Synchronization
import Testing

/// Plants in memory, each deciding and applying at once; a plant can be made
/// unavailable, as a full queue or a journal outage makes it.
final class MemoryPlants: InventoryBackend {
    private let states = Mutex<[String: PlantState]>([:])
    private let unavailable = Mutex<Set<String>>([])
    /// Commands each plant was sent (decided or not).
    let submissions = Mutex<[String: Int]>([:])

    func setUnavailable(_ plant: String, _ down: Bool) {
        unavailable.withLock { if down { $0.insert(plant) } else { $0.remove(plant) } }
    }

    func submit(plant: String, _ command: InventoryCommand, context: CommandContext, reply: @escaping Reply) {
        submissions.withLock { $0[plant, default: 0] += 1 }
        if unavailable.withLock({ $0.contains(plant) }) { return reply(.failure(.unavailable("plant \(plant) is down"))) }
        let result = states.withLock { states -> Result<InventoryReply, ShardFailure<DomainError>> in
            var state = states[plant] ?? PlantState(plantID: plant)
            do throws(DomainError) {
                let (events, answer) = try state.decide(.inventory(command), context: context)
                events.forEach { state.apply($0) }
                states[plant] = state
                guard case .inventory(let answer) = answer else { return .failure(.unavailable("mismatched reply")) }
                return .success(answer)
            } catch {
                return .failure(.rejected(error))
            }
        }
        reply(result)
    }

    func read<T>(plant: String, _ body: (InventoryState) throws -> T) rethrows -> T? {
        guard let state = states.withLock({ $0[plant] }) else { return nil }
        return try body(state.inventory)
    }

    func read<T>(plant: String, _ body: (PlantState) throws -> T) rethrows -> T? {
        guard let state = states.withLock({ $0[plant] }) else { return nil }
        return try body(state)
    }

    var plants: [String] { states.withLock { $0.keys.sorted() } }

    func run(_ command: InventoryCommand, at plant: String) async -> Result<InventoryReply, ShardFailure<DomainError>> {
        await withCheckedContinuation { continuation in
            submit(plant: plant, command, context: CommandContext(now: Date(), plantID: plant)) { continuation.resume(returning: $0) }
        }
    }

    func inTransit(_ plant: String, _ item: String) throws -> String? {
        var request = Oms_V1_StockAvailabilityRequest()
        request.itemIds = [item]
        return try read(plant: plant) { (state: InventoryState) in try state.availability(request, now: Date()).items[0].balance.inTransit }
    }
}

/// The outbox: step 2 of a transfer when the destination cannot take it at
/// once, and after a crash between the steps.
@Suite struct TransferOutboxTests {
    static func stocked() async throws -> MemoryPlants {
        let plants = MemoryPlants()
        var receive = Oms_V1_ReceiveStockRequest()
        var line = Oms_V1_StockLine()
        line.itemID = "bolt"
        line.quantity = "10"
        line.unit = "pcs"
        receive.lines = [line]
        receive.kind = .purchase
        _ = try await plants.run(.receive(receive), at: "P1").get()
        return plants
    }

    static func request(_ quantity: String) -> Oms_V1_TransferStockRequest {
        var request = Oms_V1_TransferStockRequest()
        request.fromPlantID = "P1"
        request.toPlantID = "P2"
        var line = Oms_V1_StockLine()
        line.itemID = "bolt"
        line.quantity = quantity
        request.lines = [line]
        return request
    }

    static func transfer(_ outbox: TransferOutbox, _ quantity: String) async -> Result<InventoryReply, ShardFailure<DomainError>> {
        await withCheckedContinuation { continuation in
            outbox.transfer(Self.request(quantity), context: CommandContext(now: Date(), plantID: "P1")) {
                continuation.resume(returning: $0)
            }
        }
    }

    @Test func aDestinationThatCannotTakeItGetsItLaterAndTheCallerGetsTheShipment() async throws {
        let plants = try await Self.stocked()
        plants.setUnavailable("P2", true)
        let outbox = TransferOutbox(backend: plants)
        defer { outbox.stop() }
        let reply = try await Self.transfer(outbox, "4").get()
        guard case .transfer(let response) = reply else { Issue.record("not a transfer reply"); return }
        #expect(response.transfer.transferID == "P1-T1" && response.transfer.state == .inTransit, "shipped and answered")
        #expect(try plants.inTransit("P2", "bolt") == nil, "the destination has nothing yet")

        // The retry keeps trying while it is down (first after 1 s; the
        // bound is generous for a loaded machine), and registers it once it is back.
        func attempts() -> Int { plants.submissions.withLock { $0["P2"] ?? 0 } }
        let retried = ContinuousClock.now + .seconds(60)
        while attempts() < 2 && ContinuousClock.now < retried { try await Task.sleep(for: .milliseconds(50)) }
        #expect(attempts() >= 2, "retried")
        #expect(try plants.inTransit("P2", "bolt") == nil, "still down")
        plants.setUnavailable("P2", false)
        let deadline = ContinuousClock.now + .seconds(60)
        while try plants.inTransit("P2", "bolt") != "4" && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try plants.inTransit("P2", "bolt") == "4")
        #expect(plants.read(plant: "P2") { $0.knowsInboundTransfer("P1-T1") } == true)
    }

    @Test func aSweepRegistersWhatAStepTwoMissedOnceAndOnlyOnce() async throws {
        let plants = try await Self.stocked()
        // Step 1 alone, as a crash right after the source's commit leaves it.
        let crashed = TransferOutbox(backend: plants, skipsInboundStep: true)
        _ = try await Self.transfer(crashed, "3").get()
        _ = try await Self.transfer(crashed, "2").get()
        #expect(try plants.inTransit("P2", "bolt") == nil)

        let outbox = TransferOutbox(backend: plants)
        #expect(await outbox.sweep() == 0, "nothing failed")
        #expect(try plants.inTransit("P2", "bolt") == "5")
        let sent = plants.submissions.withLock { $0["P2"] ?? 0 }
        #expect(sent == 2)
        #expect(await outbox.sweep() == 0)
        #expect(plants.submissions.withLock { $0["P2"] ?? 0 } == sent, "nothing left to send")
        #expect(try plants.inTransit("P2", "bolt") == "5")

        // A normal call registers at once; a sweep while the destination is down counts it as failed.
        _ = try await Self.transfer(outbox, "1").get()
        #expect(try plants.inTransit("P2", "bolt") == "6")
        _ = try await Self.transfer(crashed, "1").get()
        plants.setUnavailable("P2", true)
        #expect(await outbox.sweep() == 1)
        plants.setUnavailable("P2", false)
        #expect(await outbox.sweep() == 0)
        #expect(try plants.inTransit("P2", "bolt") == "7")
        #expect(try plants.inTransit("P1", "bolt") == "0" && plants.read(plant: "P1") { $0.totalFigures(itemID: "bolt").onHand } == Quantity("3"))
    }
}
