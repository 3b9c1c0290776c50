import OMSProto
import SwiftProtobuf

extension ProductionDraft {
    /// The most lots one order line may be cut into.
    static let maxLotsPerLine: Int64 = 1_000

    /// Pegs one order line's demand to lots. With a merge window, demand
    /// first joins open lots of the same item and routing (oldest first)
    /// whose pegged due dates, this one included, stay within the window,
    /// each up to the largest lot; the rest goes to new lots of at most the
    /// largest lot each. Every micro-unit of the line is pegged exactly once.
    mutating func peg(
        orderID: String, lineID: String, quantity: Quantity, dueDate: Google_Protobuf_Timestamp,
        _ production: ItemProduction
    ) throws(DomainError) {
        // A line never explodes into an unbounded number of lots.
        if let maxLot = production.maxLot, quantity.micros / maxLot.micros >= Self.maxLotsPerLine {
            throw .invalid(
                "lines[id=\(lineID)].quantity",
                "\(quantity) in lots of at most \(maxLot) would need more than \(Self.maxLotsPerLine) production orders")
        }
        var remaining = quantity
        if production.mergeWindowSeconds > 0 {
            for lot in openLots(of: production.itemID) where remaining > .zero {
                guard lot.routingID == production.routingID,
                    Self.spans(lot.pegs.map(\.dueDate) + [dueDate], atMost: production.mergeWindowSeconds)
                else { continue }
                let room = production.maxLot.map { $0.saturatingSubtracting(lot.pegged) } ?? remaining
                let take = min(room, remaining)
                guard take > .zero else { continue }
                var merged = lot
                merged.addPeg(orderID: orderID, lineID: lineID, quantity: take, dueDate: dueDate)
                merged.quantityMicros = max(lot.quantity, production.lotQuantity(covering: merged.pegged)).micros
                merged.dueDate = merged.earliestPegDue ?? merged.dueDate
                update(merged, .pegsChanged)
                remaining = remaining - take
            }
        }
        while remaining > .zero {
            let take = production.maxLot.map { min($0, remaining) } ?? remaining
            var peg = Oms_Journal_V1_PegRecord()
            peg.orderID = orderID
            peg.lineID = lineID
            peg.quantityMicros = take.micros
            peg.dueDate = dueDate
            create(production, quantity: production.lotQuantity(covering: take), pegs: [peg])
            remaining = remaining - take
        }
    }

    /// Takes the order's pegs (of `lineIDs` only, when given) off its lots.
    /// An open lot shrinks by what it loses and is cancelled when no demand
    /// is left on it; a released or running lot keeps its quantity (the rest
    /// goes to stock), unless `keepingReleased` leaves its pegs in place.
    mutating func unpeg(orderID: String, lineIDs: Set<String>? = nil, keepingReleased: Bool = false) {
        for lot in lots(peggedTo: orderID) where lot.isOpen || !keepingReleased {
            var changed = lot
            let removed = lot.pegs.filter { peg in
                peg.orderID == orderID && (lineIDs?.contains(peg.lineID) ?? true)
            }
            if removed.isEmpty { continue }
            let removedQuantity = removed.reduce(Quantity.zero) { $0 + Quantity(micros: $1.quantityMicros) }
            changed.pegs.removeAll { peg in removed.contains(peg) }
            guard lot.isOpen else {
                update(changed, .pegsChanged)
                continue
            }
            changed.quantityMicros = lot.quantity.saturatingSubtracting(removedQuantity).micros
            if changed.pegs.isEmpty || changed.quantityMicros <= 0 {
                changed.quantityMicros = lot.quantityMicros
                changed.state = .cancelled
                update(changed, .cancelled)
            } else {
                changed.dueDate = changed.earliestPegDue ?? changed.dueDate
                update(changed, .pegsChanged)
            }
        }
    }

    /// Whether the latest of the dates is at most `seconds` after the earliest.
    static func spans(_ dates: [Google_Protobuf_Timestamp], atMost seconds: Int64) -> Bool {
        guard let first = dates.min(by: { OrderText.precedes($0, $1) }),
            let last = dates.max(by: { OrderText.precedes($0, $1) })
        else { return true }
        let (wholeSeconds, overflow) = last.seconds.subtractingReportingOverflow(first.seconds)
        if overflow { return false }
        return wholeSeconds < seconds || (wholeSeconds == seconds && last.nanos <= first.nanos)
    }
}

extension Oms_Journal_V1_ProductionOrderRecord {
    /// Adds demand of an order line, to its existing peg when it has one.
    mutating func addPeg(orderID: String, lineID: String, quantity: Quantity, dueDate: Google_Protobuf_Timestamp) {
        if let index = pegs.firstIndex(where: { $0.orderID == orderID && $0.lineID == lineID }) {
            pegs[index].quantityMicros = (Quantity(micros: pegs[index].quantityMicros) + quantity).micros
            return
        }
        var peg = Oms_Journal_V1_PegRecord()
        peg.orderID = orderID
        peg.lineID = lineID
        peg.quantityMicros = quantity.micros
        peg.dueDate = dueDate
        pegs.append(peg)
    }
}
