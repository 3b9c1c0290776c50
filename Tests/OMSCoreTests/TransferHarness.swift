import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// Two plants' inventories in miniature, each deciding, "journaling"
/// (serialising) and applying its own events, with the two steps of a
/// transfer run the way the daemon's outbox runs them.
struct TransferHarness {
    struct Plant {
        var state: InventoryState
        var journal: [[UInt8]] = []

        /// A fresh state rebuilt from the serialised journal.
        func replayed() throws -> InventoryState {
            var fresh = InventoryState(plantID: state.plantID)
            for bytes in journal { fresh.apply(try Oms_Journal_V1_InventoryEvent(serializedBytes: bytes)) }
            return fresh
        }

        /// Through the snapshot's wire format.
        func restoredFromSnapshot() throws -> InventoryState {
            let bytes: [UInt8] = try state.snapshot().serializedBytes()
            return InventoryState(snapshot: try Oms_Journal_V1_InventorySnapshot(serializedBytes: bytes))
        }
    }

    static let hour: TimeInterval = 3_600
    var now = Date(timeIntervalSince1970: 1_800_000_000)
    var plants: [String: Plant] = ["P1": Plant(state: InventoryState(plantID: "P1")), "P2": Plant(state: InventoryState(plantID: "P2"))]

    func state(_ plant: String) -> InventoryState {
        plants[plant]?.state ?? InventoryState(plantID: plant)
    }

    @discardableResult
    mutating func run(
        _ command: InventoryCommand, at plant: String, as principal: String = "wms", key: String = ""
    ) throws(DomainError) -> (events: [Oms_Journal_V1_InventoryEvent], reply: InventoryReply) {
        var target = plants[plant] ?? Plant(state: InventoryState(plantID: plant))
        let context = CommandContext(now: now, principal: principal, idempotencyKey: key, plantID: plant)
        let (events, reply) = try target.state.decide(command, context: context)
        for event in events {
            target.journal.append((try? event.serializedBytes()) ?? [])
            target.state.apply(event)
        }
        plants[plant] = target
        return (events, reply)
    }

    /// A command that must be refused; checks that neither plant changed.
    mutating func refusal(
        _ command: InventoryCommand, at plant: String, as principal: String = "wms", key: String = ""
    ) -> DomainError? {
        let before = plants.mapValues(\.state)
        do throws(DomainError) {
            try run(command, at: plant, as: principal, key: key)
            return nil
        } catch {
            #expect(plants.mapValues(\.state) == before, "a refused command changed a plant")
            return error
        }
    }

    /// Step 1 at the source; then, for another plant, step 2 at the destination.
    @discardableResult
    mutating func transfer(
        _ request: Oms_V1_TransferStockRequest, as principal: String = "wms", key: String = "", registering: Bool = true
    ) throws(DomainError) -> Oms_V1_Transfer {
        let source = request.fromPlantID
        let (_, reply) = try run(.transfer(request), at: source, as: principal, key: key)
        guard case .transfer(let response) = reply else { throw DomainError(.aborted, "not a transfer reply") }
        if registering && request.toPlantID != source, let shipped = state(source).shippedTransfer(id: response.transfer.transferID) {
            try run(.registerInboundTransfer(shipped), at: request.toPlantID, as: "system")
        }
        return response.transfer
    }

    @discardableResult
    mutating func receive(
        _ lines: Oms_V1_StockLine..., at plant: String, transfer: String = "", kind: Oms_V1_ReceiptKind? = nil
    ) throws(DomainError) -> Oms_V1_ReceiveStockResponse {
        let (_, reply) = try run(Self.receiveCommand(lines, transfer: transfer, kind: kind), at: plant)
        guard case .receive(let response) = reply else { throw DomainError(.aborted, "not a receive reply") }
        return response
    }

    static func receiveCommand(_ lines: [Oms_V1_StockLine], transfer: String = "", kind: Oms_V1_ReceiptKind? = nil) -> InventoryCommand {
        var request = Oms_V1_ReceiveStockRequest()
        request.lines = lines
        request.transferID = transfer
        request.kind = kind ?? (transfer.isEmpty ? .purchase : .transfer)
        return .receive(request)
    }

    static func request(
        _ from: String, _ to: String, _ lines: Oms_V1_StockLine..., fromLocation: String = "", toLocation: String = "",
        arrival: Date? = nil, reservation: String = ""
    ) -> Oms_V1_TransferStockRequest {
        var request = Oms_V1_TransferStockRequest()
        request.fromPlantID = from
        request.fromLocationID = fromLocation
        request.toPlantID = to
        request.toLocationID = toLocation
        request.lines = lines
        if let arrival { request.expectedArrival = Google_Protobuf_Timestamp(date: arrival) }
        request.reservationID = reservation
        request.reference = "DN-1"
        return request
    }

    /// The plant's figures of an item ("" = summed over its locations).
    func balance(_ plant: String, _ item: String, location: String = "") throws -> Oms_V1_StockBalance {
        var request = Oms_V1_StockAvailabilityRequest()
        request.itemIds = [item]
        request.locationID = location
        return try state(plant).availability(request, now: now).items[0].balance
    }

    /// (hours from now, receipts, ATP) per point of the item's curve at the plant.
    func curve(_ plant: String, _ item: String, horizon: Double = 100) throws -> [(Double, String, String)] {
        var request = Oms_V1_StockAvailabilityRequest()
        request.itemIds = [item]
        request.horizonEnd = Google_Protobuf_Timestamp(date: now.addingTimeInterval(horizon * Self.hour))
        return try state(plant).availability(request, now: now).items[0].atp.map { point in
            ((point.time.date.timeIntervalSince(now) / Self.hour).rounded(), point.receipts, point.availableToPromise)
        }
    }

    /// Every plant rebuilt from its journal, and from its snapshot, equals it.
    func expectReplayAndSnapshotEqualState() throws {
        for (id, plant) in plants {
            #expect(try plant.replayed() == plant.state, "replay of \(id)")
            #expect(try plant.restoredFromSnapshot() == plant.state, "snapshot of \(id)")
        }
    }
}
