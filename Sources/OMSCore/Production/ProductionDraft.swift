import OMSProto
import SwiftProtobuf

/// The production orders one command creates or changes, laid over the
/// book's: deciding reads through it, and its changes become one
/// `ProductionOrdersChanged` event. Nothing of the book is copied.
struct ProductionDraft {
    typealias Record = Oms_Journal_V1_ProductionOrderRecord

    let base: ProductionOrders
    let plantID: String
    let at: Google_Protobuf_Timestamp
    private(set) var changes: [Oms_Journal_V1_ProductionOrderChange] = []
    private var changeSlots: [String: Int] = [:]
    private var created: UInt64 = 0

    init(base: ProductionOrders, plantID: String, at: Google_Protobuf_Timestamp) {
        self.base = base
        self.plantID = plantID
        self.at = at
    }

    func record(_ id: String) -> Record? {
        changeSlots[id].map { changes[$0].productionOrder } ?? base.record(id)
    }

    /// Open lots of the item as they are now, oldest first.
    func openLots(of itemID: String) -> [Record] {
        let existing = base.openLots(of: itemID).compactMap { record($0.productionOrderID) }
        let new = changes.filter { $0.action == .created }.map(\.productionOrder)
            .filter { $0.itemID == itemID }
        return (existing + new).filter(\.isOpen)
    }

    /// Live lots carrying pegs of the order as they are now, oldest first
    /// (as the book lists them once the draft is applied).
    func lots(peggedTo orderID: String) -> [Record] {
        var lots = base.lots(peggedTo: orderID).compactMap { record($0.productionOrderID) }
        let listed = Set(lots.map(\.productionOrderID))
        lots += changes.map(\.productionOrder).filter { !listed.contains($0.productionOrderID) }
        return lots.filter { lot in lot.isLive && lot.pegs.contains { $0.orderID == orderID } }
            .sorted(byKey: { Self.creationNumber($0.productionOrderID) })
    }

    /// n of "<plant>-P<n>": the order lots were created in.
    static func creationNumber(_ id: String) -> UInt64 {
        PlantScopedID.number(id, marker: "-P")
    }

    /// A new CREATED lot at version 1.
    @discardableResult
    mutating func create(
        _ production: ItemProduction, quantity: Quantity, pegs: [Oms_Journal_V1_PegRecord],
        dueDate: Google_Protobuf_Timestamp? = nil, derivedFrom: [String] = []
    ) -> Record {
        created += 1
        var lot = Record()
        lot.productionOrderID = "\(plantID)-P\(base.count + created)"
        lot.itemID = production.itemID
        lot.quantityMicros = quantity.micros
        lot.unit = production.unit
        lot.routingID = production.routingID
        lot.routingVersion = production.routingVersion
        lot.bomID = production.bomID
        lot.bomVersion = production.bomVersion
        lot.components = production.components
        lot.state = .created
        lot.pegs = pegs
        lot.dueDate = dueDate ?? lot.earliestPegDue ?? at
        lot.derivedFrom = derivedFrom
        lot.version = 1
        lot.createdAt = at
        lot.updatedAt = at
        var change = Oms_Journal_V1_ProductionOrderChange()
        change.action = .created
        change.productionOrder = lot
        changeSlots[lot.productionOrderID] = changes.count
        changes.append(change)
        return lot
    }

    /// Records a change of `lot` (as read through the draft). A lot changes
    /// version once per command, and a lot created by this command stays
    /// CREATED whatever happens to it next.
    mutating func update(_ lot: Record, _ action: Oms_V1_ProductionOrderAction) {
        var lot = lot
        lot.updatedAt = at
        if let slot = changeSlots[lot.productionOrderID] {
            if changes[slot].action != .created { changes[slot].action = action }
            changes[slot].productionOrder = lot
            return
        }
        lot.version = (base.record(lot.productionOrderID)?.version ?? 0) + 1
        var change = Oms_Journal_V1_ProductionOrderChange()
        change.action = action
        change.productionOrder = lot
        changeSlots[lot.productionOrderID] = changes.count
        changes.append(change)
    }

    /// The event of this draft; nil when nothing changed.
    func event(
        reason: String, orderAction: Oms_V1_OrderAction = .unspecified, orders: [String] = []
    ) -> Oms_Journal_V1_ProductionOrdersChanged? {
        if changes.isEmpty { return nil }
        var event = Oms_Journal_V1_ProductionOrdersChanged()
        event.changes = changes
        event.reason = reason
        event.orderAction = orderAction
        event.orders = orders
        return event
    }
}
