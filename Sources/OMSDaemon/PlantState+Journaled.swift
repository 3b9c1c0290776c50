public import OMSCore
public import OMSEngine
import OMSProto
import OMSStore
import SwiftProtobuf

/// A plant's inventory and orders are what its shard writes (journal shard:
/// the plant id). Each journal row holds one domain's event message, named by
/// its event type, so the inventory rows of a plant read exactly as before
/// orders shared its journal.
extension PlantState: ShardDomain {
    public typealias Command = PlantCommand
    public typealias Event = PlantEvent
    public typealias Reply = PlantReply
    public typealias Context = CommandContext
    public typealias Failure = DomainError
}

extension PlantState: JournaledDomain {
    init(emptyShard plant: String) {
        self.init(plantID: plant)
    }

    mutating func reserveCapacity(forEvents events: Int) {
        reserveInventoryCapacity(forEvents: events)
    }

    mutating func releaseUnusedCapacity() {
        releaseUnusedInventoryCapacity()
    }

    static func eventType(of event: PlantEvent) -> String {
        switch event {
        case .inventory(let event): inventoryType(event)
        case .order(let event): orderType(event)
        }
    }

    static func payload(of event: PlantEvent) -> [UInt8] {
        switch event {
        case .inventory(let event): DomainJournal<PlantState>.encode(event)
        case .order(let event): DomainJournal<PlantState>.encode(event)
        }
    }

    static func decode(type: String, payload: [UInt8]) throws -> PlantEvent {
        if type.hasPrefix("order.") {
            return .order(try Oms_Journal_V1_OrderEvent(serializedBytes: payload))
        }
        return .inventory(try Oms_Journal_V1_InventoryEvent(serializedBytes: payload))
    }

    static var projectionStatements: [PreparedStatement] {
        [StockProjection.upsert, MovementProjection.insert, ReservationProjection.upsert, ReservationProjection.confirm]
            + [TransferProjection.insert, TransferProjection.arrive]
            + OrderProjection.statements + ProductionOrderProjection.statements
    }

    static func projections(shard: String, records: [JournalRecord<PlantEvent>]) -> [PGStatement] {
        let inventory = records.compactMap { record -> JournalRecord<Oms_Journal_V1_InventoryEvent>? in
            guard case .inventory(let event) = record.event else { return nil }
            return JournalRecord(seq: record.seq, event: event, commandID: record.commandID)
        }
        let orders = records.compactMap { record -> JournalRecord<Oms_Journal_V1_OrderEvent>? in
            guard case .order(let event) = record.event else { return nil }
            return JournalRecord(seq: record.seq, event: event, commandID: record.commandID)
        }
        // Movements right after stock: their on_hand_after reads the batch's stock rows.
        return StockProjection.statements(shard: shard, records: inventory)
            + MovementProjection.statements(shard: shard, records: inventory)
            + ReservationProjection.statements(shard: shard, records: inventory)
            + TransferProjection.statements(shard: shard, records: inventory)
            + OrderProjection.statements(shard: shard, records: orders)
            + ProductionOrderProjection.statements(shard: shard, records: orders)
    }

    private static func inventoryType(_ event: Oms_Journal_V1_InventoryEvent) -> String {
        switch event.event {
        case .stockReceived: "inventory.stock_received"
        case .reservationCreated: "inventory.reservation_created"
        case .reservationReleased: "inventory.reservation_released"
        case .reservationConsumed: "inventory.reservation_consumed"
        case .stockAdjusted: "inventory.stock_adjusted"
        case .reservationExpired: "inventory.reservation_expired"
        case .receiptExpected: "inventory.receipt_expected"
        case .reservationConfirmed: "inventory.reservation_confirmed"
        case .transferShipped: "inventory.transfer_shipped"
        case .transferInbound: "inventory.transfer_inbound"
        case nil: "inventory.unknown"
        }
    }

    private static func orderType(_ event: Oms_Journal_V1_OrderEvent) -> String {
        switch event.event {
        case .orderSubmitted: "order.submitted"
        case .orderAmended: "order.amended"
        case .orderStateChanged: "order.state_changed"
        case .orderExpediteChanged: "order.expedite_changed"
        case .orderShipped: "order.shipped"
        case .productionOrdersChanged: "order.production_orders_changed"
        case nil: "order.unknown"
        }
    }
}
