import OMSCore
import OMSEngine
import OMSProto
import OMSStore

/// A plant's inventory is what its shard writes (journal shard: the plant id).
extension InventoryState: JournaledDomain {
    init(emptyShard plant: String) {
        self.init(plantID: plant)
    }

    static func eventType(of event: Oms_Journal_V1_InventoryEvent) -> String {
        switch event.event {
        case .stockReceived: "inventory.stock_received"
        case .reservationCreated: "inventory.reservation_created"
        case .reservationReleased: "inventory.reservation_released"
        case .reservationConsumed: "inventory.reservation_consumed"
        case .stockAdjusted: "inventory.stock_adjusted"
        case .reservationExpired: "inventory.reservation_expired"
        case nil: "inventory.unknown"
        }
    }

    static var projectionStatements: [PreparedStatement] {
        [StockProjection.upsert, ReservationProjection.upsert]
    }

    static func projections(shard: String, records: [JournalRecord<Event>]) -> [PGStatement] {
        StockProjection.statements(shard: shard, records: records)
            + ReservationProjection.statements(shard: shard, records: records)
    }
}
