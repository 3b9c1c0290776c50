import Foundation
import Testing
import OMSCore
import OMSProto
import SwiftProtobuf

/// A shard in miniature: decides, "journals" (serialises) and applies.
struct Harness {
    static let plant = "P1"
    var state: InventoryState
    var journal: [[UInt8]] = []
    var now = Date(timeIntervalSince1970: 1_800_000_000)

    init(defaultHold: TimeInterval? = nil) {
        state = InventoryState(plantID: Self.plant, defaultHold: defaultHold)
    }

    func context(_ principal: String, _ key: String = "") -> CommandContext {
        CommandContext(now: now, principal: principal, idempotencyKey: key, plantID: Self.plant)
    }

    /// Decides and applies; returns the reply and the events.
    @discardableResult
    mutating func run(
        _ command: InventoryCommand, as principal: String = "wms", key: String = ""
    ) throws(DomainError) -> InventoryReply {
        try runWithEvents(command, as: principal, key: key).reply
    }

    mutating func runWithEvents(
        _ command: InventoryCommand, as principal: String = "wms", key: String = ""
    ) throws(DomainError) -> (events: [Oms_Journal_V1_InventoryEvent], reply: InventoryReply) {
        let (events, reply) = try state.decide(command, context: context(principal, key))
        commit(events)
        return (events, reply)
    }

    mutating func commit(_ events: [Oms_Journal_V1_InventoryEvent]) {
        for event in events {
            // Through the wire format, as the journal stores it.
            journal.append((try? event.serializedBytes()) ?? [])
            state.apply(event)
        }
    }

    /// Runs a command that must be refused; checks that nothing changed.
    mutating func refusal(
        _ command: InventoryCommand, as principal: String = "wms", key: String = ""
    ) -> DomainError? {
        let before = state
        let journalCount = journal.count
        do throws(DomainError) {
            try run(command, as: principal, key: key)
            return nil
        } catch {
            #expect(state == before && journal.count == journalCount, "a refused command changed the state")
            return error
        }
    }

    /// A fresh state rebuilt from the serialised journal.
    func replayed() throws -> InventoryState {
        var fresh = InventoryState(plantID: Self.plant, defaultHold: state.defaultHold)
        for bytes in journal {
            fresh.apply(try Oms_Journal_V1_InventoryEvent(serializedBytes: bytes))
        }
        return fresh
    }

    func figures(_ item: String, _ location: String = "") -> StockFigures {
        state.figures(StockKey(itemID: item, locationID: location))
    }

    // MARK: request builders

    static func line(_ item: String, _ quantity: String, at location: String = "", unit: String = "") -> Oms_V1_StockLine {
        var line = Oms_V1_StockLine()
        line.itemID = item
        line.locationID = location
        line.quantity = quantity
        line.unit = unit
        return line
    }

    static func receive(_ lines: Oms_V1_StockLine..., plant: String = "") -> InventoryCommand {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.lines = lines
        request.kind = .purchase
        request.reference = "PO-1"
        return .receive(request)
    }

    static func reserveRequest(_ lines: [Oms_V1_StockLine], reference: String = "pick-1") -> Oms_V1_ReserveStockRequest {
        var request = Oms_V1_ReserveStockRequest()
        request.plantID = plant
        request.externalReference = reference
        request.lines = lines
        return request
    }

    static func reserve(_ lines: Oms_V1_StockLine..., reference: String = "pick-1") -> InventoryCommand {
        .reserve(reserveRequest(lines, reference: reference))
    }

    static func release(_ id: String, _ lines: Oms_V1_StockLine...) -> InventoryCommand {
        var request = Oms_V1_ReleaseReservationRequest()
        request.reservationID = id
        request.lines = lines
        request.reason = "test"
        return .release(request)
    }

    static func consume(_ id: String, _ lines: Oms_V1_StockLine...) -> InventoryCommand {
        var request = Oms_V1_ConsumeReservationRequest()
        request.reservationID = id
        request.lines = lines
        request.reference = "MO-1"
        return .consume(request)
    }

    static func adjust(
        _ item: String, delta: String? = nil, counted: String? = nil, at location: String = "",
        unit: String = "", reason: Oms_V1_AdjustmentReason = .correction
    ) -> InventoryCommand {
        var request = Oms_V1_AdjustStockRequest()
        request.itemID = item
        request.locationID = location
        if let delta { request.delta = delta }
        if let counted { request.countedQuantity = counted }
        request.unit = unit
        request.reasonCode = reason
        request.reason = "because"
        return .adjust(request)
    }
}

extension InventoryReply {
    var reservation: Oms_V1_Reservation? {
        switch self {
        case .reserve(let response): response.reservation
        case .release(let response): response.reservation
        case .consume(let response): response.reservation
        default: nil
        }
    }
}
