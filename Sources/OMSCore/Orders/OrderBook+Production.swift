import OMSProto
import SwiftProtobuf

/// How customer orders drive their production orders: approval pegs the
/// make lines to lots, an amendment re-pegs the lines it changes, a
/// cancellation takes the order's pegs off.
extension OrderBook {
    /// Approved and not yet complete or cancelled (held from such a state
    /// included): the order's make lines are pegged to production orders.
    func isPegged(_ order: OrderRecord) -> Bool {
        let state = order.state == .held ? order.stateBeforeHold : order.state
        return [.approved, .planned, .released, .inProduction].contains(state)
    }

    /// Lines this plant makes: its own, and those naming no other plant.
    /// Lines made in another plant are that plant's to plan.
    func madeHere(_ line: OrderLineRecord) -> Bool {
        line.plantID.isEmpty || line.plantID == plantID
    }

    /// Pegs `lines` of the order by the master data's routings, lot sizes
    /// and lot rules; lines of items not made here are left unpegged.
    func peg(
        _ lines: [OrderLineRecord], of orderID: String, into draft: inout ProductionDraft, masterData: Catalog
    ) throws(DomainError) {
        for line in lines where madeHere(line) {
            guard let production = try ItemProduction.resolve(itemID: line.itemID, plantID: plantID, masterData: masterData)
            else { continue }
            if !line.unit.isEmpty && line.unit != production.unit {
                throw .invalid(
                    "lines[id=\(line.lineID)].unit",
                    "item \(line.itemID) is kept in \(production.unit), not \(line.unit)")
            }
            try draft.peg(
                orderID: orderID, lineID: line.lineID, quantity: line.quantity, dueDate: line.dueDate, production)
        }
    }

    /// A draft over the book's production orders at the event's time.
    func productionDraft(_ envelope: Oms_Journal_V1_OrderEvent) -> ProductionDraft {
        ProductionDraft(base: production, plantID: plantID, at: envelope.at)
    }

    /// The journal event of a draft, in the command's envelope; nil when it changed nothing.
    func productionEvent(
        _ draft: ProductionDraft, _ envelope: Oms_Journal_V1_OrderEvent, reason: String,
        orderAction: Oms_V1_OrderAction = .unspecified, orders: [String] = []
    ) -> Oms_Journal_V1_OrderEvent? {
        guard let changed = draft.event(reason: reason, orderAction: orderAction, orders: orders) else { return nil }
        var event = envelope
        event.productionOrdersChanged = changed
        return event
    }

    /// The lines an amendment changes in a way that moves production: added,
    /// removed, or with another item, quantity, due date or plant. Keyed by line id.
    static func repeggedLines(from old: OrderContent, to new: OrderContent) -> Set<String> {
        var changed = Set<String>()
        for line in old.lines {
            guard let after = new.line(line.lineID),
                after.itemID == line.itemID, after.quantity == line.quantity,
                after.dueDate == line.dueDate, after.plantID == line.plantID
            else {
                changed.insert(line.lineID)
                continue
            }
        }
        for line in new.lines where old.line(line.lineID) == nil { changed.insert(line.lineID) }
        return changed
    }
}
