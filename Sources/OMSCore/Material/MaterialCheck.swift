import OMSProto
import SwiftProtobuf

/// The planner's side of inventory (ADR 0010): production orders reserve the
/// components their pinned BOM needs, and what cannot be reserved is a
/// shortage on the lot and on the orders it serves.
///
/// Run on the plant's state right after a command's events are applied, it
/// looks at what those events changed: lots created, resized, re-pegged,
/// cancelled or superseded, and stock of a missing component arriving or
/// being returned. It answers with the events that settle it: releases of
/// what lots hold beyond their need, reservations (owner = the production
/// order, firm, principal "system") of what is available, most urgent lot
/// first, and one `ProductionOrdersChanged` with the lots whose shortages
/// changed. The plant's single writer journals them with the command, so
/// stock a lot takes is never promised to anyone else.
struct MaterialCheck {
    typealias Lot = Oms_Journal_V1_ProductionOrderRecord
    static let reason = "material check"
    static let actor = "system"

    let inventory: InventoryState
    let book: OrderBook
    let at: Google_Protobuf_Timestamp

    /// Lots whose need or coverage may have changed.
    private var changedLots: Set<String> = []
    /// Items whose stock or expected supply may have grown.
    private var suppliedItems: Set<String> = []

    private var releases: [Oms_Journal_V1_InventoryEvent] = []
    private var reservations: [Oms_Journal_V1_InventoryEvent] = []
    /// Available per (item, location) after this check's own releases and reservations.
    private var available: [StockKey: Quantity] = [:]
    /// lot -> item -> covered, once this check has touched the lot.
    private var coverage: [String: [String: Quantity]] = [:]

    init(inventory: InventoryState, book: OrderBook, at: Google_Protobuf_Timestamp) {
        self.inventory = inventory
        self.book = book
        self.at = at
    }

    /// Takes note of what one of the command's events may have changed.
    mutating func note(_ event: PlantEvent) {
        switch event {
        case .order(let event):
            guard case .productionOrdersChanged(let changed)? = event.event else { return }
            for change in changed.changes where change.action != .materialChanged {
                changedLots.insert(change.productionOrder.productionOrderID)
            }
        case .inventory(let event):
            switch event.event {
            case .stockReceived(let received)?:
                received.lines.forEach { suppliedItems.insert($0.itemID) }
            case .reservationReleased(let released)?:
                released.lines.forEach { suppliedItems.insert($0.itemID) }
                // A lot's own material released by hand: it needs it again.
                if case .productionOrderID(let lot)? = inventory.reservations[released.reservationID]?.owner {
                    changedLots.insert(lot)
                }
            case .reservationExpired(let expired)?:
                expired.lines.forEach { suppliedItems.insert($0.itemID) }
                if case .productionOrderID(let lot)? = inventory.reservations[expired.reservationID]?.owner {
                    changedLots.insert(lot)
                }
            case .stockAdjusted(let adjusted)? where adjusted.deltaMicros > 0:
                suppliedItems.insert(adjusted.itemID)
            case .receiptExpected(let receipt)?:
                suppliedItems.insert(receipt.itemID)
            case .reservationCreated(let created)? where created.hasExpiresAt:
                // Comes back at its expiry: a date for what lots miss.
                created.lines.forEach { suppliedItems.insert($0.itemID) }
            case .reservationConfirmed(let confirmed)?:
                // Its return moved or went away.
                inventory.reservations[confirmed.reservationID]?.lines.forEach { suppliedItems.insert($0.key.itemID) }
            case .transferShipped(let shipped)? where shipped.transfer.toPlantID == shipped.transfer.fromPlantID:
                // Moved within the plant, possibly out of a reservation: may be free now.
                shipped.transfer.lines.forEach { suppliedItems.insert($0.itemID) }
            case .transferInbound(let inbound)?:
                // In transit: a date for what lots miss.
                inbound.transfer.lines.forEach { suppliedItems.insert($0.itemID) }
            default:
                break
            }
        }
    }

    /// The events that settle what was noted; empty when nothing needs to change.
    mutating func run() -> [PlantEvent] {
        let supplied = suppliedItems.filter { book.production.hasShortLots(of: $0) }
        guard !changedLots.isEmpty || !supplied.isEmpty else { return [] }

        let changed = changedLots.compactMap { book.production.record($0) }.sorted(by: Self.creationOrder)
        for lot in changed { releaseExcess(of: lot) }

        // Every lot that competes for the items involved, so that the most
        // urgent gets stock first and expected dates queue up correctly.
        var candidates: [String: Lot] = [:]
        for lot in changed where lot.needsMaterial { candidates[lot.productionOrderID] = lot }
        var items = supplied.union(changed.flatMap { $0.components.map(\.itemID) })
        var pending = Array(items)
        while let item = pending.popLast() {
            for lot in book.production.shortLots(of: item) where lot.needsMaterial && candidates[lot.productionOrderID] == nil {
                candidates[lot.productionOrderID] = lot
                for component in lot.components where items.insert(component.itemID).inserted {
                    pending.append(component.itemID)
                }
            }
        }
        let queue = candidates.values.sorted(by: urgencyOrder)
        for lot in queue { allocate(lot) }

        let shortages = projectedShortages(queue)
        var changes: [Oms_Journal_V1_ProductionOrderChange] = []
        var orders = Set<String>()
        for lot in queue + changed.filter({ !$0.needsMaterial && !$0.shortages.isEmpty }) {
            let now = shortages[lot.productionOrderID] ?? []
            guard now != lot.shortages else { continue }
            var record = lot
            record.shortages = now
            var change = Oms_Journal_V1_ProductionOrderChange()
            change.action = .materialChanged
            change.productionOrder = record
            changes.append(change)
            if lot.isLive { lot.pegs.forEach { orders.insert($0.orderID) } }
        }

        var events = (releases + reservations).map(PlantEvent.inventory)
        if !changes.isEmpty {
            var changedEvent = Oms_Journal_V1_ProductionOrdersChanged()
            changedEvent.changes = changes
            changedEvent.reason = Self.reason
            changedEvent.orderAction = orders.isEmpty ? .unspecified : .planUpdated
            changedEvent.orders = orders.sorted()
            var event = Oms_Journal_V1_OrderEvent()
            event.at = at
            event.principal = Self.actor
            event.productionOrdersChanged = changedEvent
            events.append(.order(event))
        }
        return events
    }

    // MARK: Steps

    /// Gives back what a lot holds beyond its need (all of it once it is
    /// cancelled or superseded), newest reservation first. Issued stock
    /// cannot be given back.
    private mutating func releaseExcess(of lot: Lot) {
        let need = lot.needsMaterial ? lot.requirements : [:]
        var covered = coverage(of: lot)
        for reservationID in (inventory.reservationsByProductionOrder[lot.productionOrderID] ?? []).reversed() {
            guard let reservation = inventory.reservations[reservationID], reservation.status == .active else { continue }
            var lines: [Oms_Journal_V1_StockQuantity] = []
            for line in reservation.lines where line.open > .zero {
                let excess = (covered[line.key.itemID] ?? .zero).saturatingSubtracting(need[line.key.itemID]?.quantity ?? .zero)
                guard excess > .zero else { continue }
                let amount = Swift.min(excess, line.open)
                lines.append(Oms_Journal_V1_StockQuantity(line.key, unit: line.unit, amount))
                covered[line.key.itemID] = (covered[line.key.itemID] ?? .zero).saturatingSubtracting(amount)
                available[line.key] = availableNow(line.key).saturatingAdding(amount)
            }
            guard !lines.isEmpty else { continue }
            var released = Oms_Journal_V1_ReservationReleased()
            released.reservationID = reservationID
            released.lines = lines
            released.reason = lot.needsMaterial
                ? "production order \(lot.productionOrderID) needs less"
                : "production order \(lot.productionOrderID) is \(lot.state == .cancelled ? "cancelled" : "no longer made")"
            var event = envelope()
            event.reservationReleased = released
            releases.append(event)
        }
        coverage[lot.productionOrderID] = covered
    }

    /// Reserves what is available of what the lot still misses, location by
    /// location (the default location first), as one reservation.
    private mutating func allocate(_ lot: Lot) {
        var covered = coverage(of: lot)
        var lines: [Oms_Journal_V1_StockQuantity] = []
        for (itemID, need) in lot.requirementsInOrder {
            var missing = need.quantity.saturatingSubtracting(covered[itemID] ?? .zero)
            guard missing > .zero else { continue }
            let kept = inventory.itemUnits[itemID] ?? ""
            // Stock kept in another unit than the BOM's cannot be counted against it: short.
            guard kept.isEmpty || need.unit.isEmpty || kept == need.unit else { continue }
            let unit = kept.isEmpty ? need.unit : kept
            for location in (inventory.stock[itemID] ?? [:]).keys.sorted() where missing > .zero {
                let key = StockKey(itemID: itemID, locationID: location)
                let take = Swift.min(missing, availableNow(key))
                guard take > .zero else { continue }
                lines.append(Oms_Journal_V1_StockQuantity(key, unit: unit, take))
                available[key] = availableNow(key).saturatingSubtracting(take)
                missing = missing.saturatingSubtracting(take)
                covered[itemID] = (covered[itemID] ?? .zero).saturatingAdding(take)
            }
        }
        coverage[lot.productionOrderID] = covered
        guard !lines.isEmpty else { return }
        var created = Oms_Journal_V1_ReservationCreated()
        created.reservationID = inventory.reservationID(offset: reservations.count + 1)
        created.owner = .productionOrderID(lot.productionOrderID)
        created.lines = lines
        var event = envelope()
        event.reservationCreated = created
        reservations.append(event)
    }

    /// What each lot of the queue still misses after allocation, with the
    /// date its future supply covers it: per item, lots queue for expected
    /// receipts and expiring reservations in the order they got stock.
    private func projectedShortages(_ queue: [Lot]) -> [String: [Oms_Journal_V1_MaterialShortageRecord]] {
        var result: [String: [Oms_Journal_V1_MaterialShortageRecord]] = [:]
        var queued: [String: Quantity] = [:]
        var schedules: [String: [(at: Google_Protobuf_Timestamp, quantity: Quantity)]] = [:]
        for lot in queue {
            let covered = coverage[lot.productionOrderID] ?? [:]
            for (itemID, need) in lot.requirementsInOrder {
                let missing = need.quantity.saturatingSubtracting(covered[itemID] ?? .zero)
                guard missing > .zero else { continue }
                var shortage = Oms_Journal_V1_MaterialShortageRecord()
                shortage.itemID = itemID
                shortage.unit = need.unit
                shortage.missingMicros = missing.micros
                shortage.neededAt = lot.dueDate
                let ahead = (queued[itemID] ?? .zero).saturatingAdding(missing)
                queued[itemID] = ahead
                if schedules[itemID] == nil { schedules[itemID] = inventory.supplySchedule(StockKey(itemID: itemID, locationID: ""), now: at) }
                var supply = Quantity.zero
                for point in schedules[itemID] ?? [] {
                    supply = supply.saturatingAdding(point.quantity)
                    if supply >= ahead {
                        shortage.expectedAt = point.at
                        break
                    }
                }
                result[lot.productionOrderID, default: []].append(shortage)
            }
        }
        return result
    }

    // MARK: Helpers

    private func coverage(of lot: Lot) -> [String: Quantity] {
        coverage[lot.productionOrderID] ?? inventory.coverage(ofProductionOrder: lot.productionOrderID)
    }

    private func availableNow(_ key: StockKey) -> Quantity {
        available[key] ?? inventory.figures(key).available
    }

    private func envelope() -> Oms_Journal_V1_InventoryEvent {
        var event = Oms_Journal_V1_InventoryEvent()
        event.at = at
        event.principal = Self.actor
        return event
    }

    private static func creationOrder(_ a: Lot, _ b: Lot) -> Bool {
        ProductionDraft.creationNumber(a.productionOrderID) < ProductionDraft.creationNumber(b.productionOrderID)
    }

    /// Not held before held, expedited first, then by priority, due date and age.
    private func urgencyOrder(_ a: Lot, _ b: Lot) -> Bool {
        let (x, y) = (book.urgency(of: a), book.urgency(of: b))
        if x.held != y.held { return !x.held }
        if x.expedited != y.expedited { return x.expedited }
        if x.priority != y.priority { return x.priority > y.priority }
        if a.dueDate != b.dueDate { return OrderText.precedes(a.dueDate, b.dueDate) }
        return Self.creationOrder(a, b)
    }
}

extension Oms_Journal_V1_ProductionOrderRecord {
    /// Live and not complete: its components are still to be provided.
    var needsMaterial: Bool { isLive && state != .completed }

    /// What the lot needs per component item (a BOM naming an item twice sums), in BOM order.
    var requirementsInOrder: [(itemID: String, need: (quantity: Quantity, unit: String))] {
        var order: [String] = []
        var needs: [String: (quantity: Quantity, unit: String)] = [:]
        for component in components {
            let quantity = component.required(for: self.quantity)
            if let existing = needs[component.itemID] {
                needs[component.itemID] = (existing.quantity.saturatingAdding(quantity), existing.unit)
            } else {
                order.append(component.itemID)
                needs[component.itemID] = (quantity, component.unit)
            }
        }
        return order.compactMap { id in needs[id].map { (itemID: id, need: $0) } }
    }

    var requirements: [String: (quantity: Quantity, unit: String)] {
        Dictionary(requirementsInOrder.map { ($0.itemID, $0.need) }, uniquingKeysWith: { a, _ in a })
    }
}
