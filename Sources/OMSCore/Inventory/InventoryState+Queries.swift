public import Foundation
public import OMSProto
public import SwiftProtobuf

extension InventoryState {
    /// Stock figures now, per requested item (in request order), summed over
    /// the plant's locations or for `location_id`. An item the plant never
    /// received reports zeros. on_order is the open quantity of expected
    /// receipts; in_transit what inbound transfers still have outstanding.
    /// With `horizon_end`, the ATP curve (`atpCurve`).
    /// `plannedDemand`: dated needs of an item that are not reserved yet
    /// (production orders' missing components), counted in plant-wide curves.
    public func availability(
        _ request: Oms_V1_StockAvailabilityRequest, now: Date,
        plannedDemand: (String) -> [(at: Google_Protobuf_Timestamp, quantity: Quantity)] = { _ in [] }
    ) throws(DomainError) -> Oms_V1_StockAvailabilityResponse {
        try checkPlant(request.plantID)
        if request.itemIds.isEmpty { throw .invalid("item_ids", "at least one item is required") }
        var response = Oms_V1_StockAvailabilityResponse()
        for (index, itemID) in request.itemIds.enumerated() {
            try required(itemID, field: "item_ids[\(index)]")
            let key = StockKey(itemID: itemID, locationID: request.locationID)
            let figures = request.locationID.isEmpty ? totalFigures(itemID: itemID) : figures(key)
            var item = Oms_V1_ItemAvailability()
            item.balance = balance(key, figures: figures)
            if request.hasHorizonEnd {
                item.atp = atpCurve(
                    key, available: figures.available, now: now, horizonEnd: request.horizonEnd,
                    demand: request.locationID.isEmpty ? plannedDemand(itemID) : [])
            }
            response.items.append(item)
        }
        return response
    }

    /// Available-to-promise from now to `horizonEnd`: a point now, then one
    /// per instant at which supply arrives within the horizon. Supply is the
    /// open quantity of expected receipts at their expected_at, what is in
    /// transit to the plant at its transfer's expected_arrival (overdue or
    /// unknown ones count now), and what ACTIVE reservations with an expiry
    /// still hold, at that expiry (confirming one makes it firm and takes it
    /// out). A point's ATP is available now plus supply up to it, less
    /// demand up to it (the given planned needs, at their date; overdue ones
    /// now), never below zero and never more than at any later point.
    func atpCurve(
        _ key: StockKey, available: Quantity, now: Date, horizonEnd: Google_Protobuf_Timestamp,
        demand: [(at: Google_Protobuf_Timestamp, quantity: Quantity)] = []
    ) -> [Oms_V1_AtpPoint] {
        let start = Google_Protobuf_Timestamp(date: now)
        var supply: [Google_Protobuf_Timestamp: Quantity] = [start: .zero]
        var due: [Google_Protobuf_Timestamp: Quantity] = [:]
        func instant(_ time: Google_Protobuf_Timestamp) -> Google_Protobuf_Timestamp? {
            let at = Google_Protobuf_Timestamp.precedesOrEquals(time, start) ? start : time
            return Google_Protobuf_Timestamp.precedesOrEquals(at, horizonEnd) || at == start ? at : nil
        }
        for need in demand {
            guard let at = instant(need.at) else { continue }
            due[at] = due[at, default: .zero].saturatingAdding(need.quantity)
            if supply[at] == nil { supply[at] = .zero }
        }
        for point in supplySchedule(key, now: start) {
            guard let at = instant(point.at) else { continue }
            supply[at] = supply[at, default: .zero].saturatingAdding(point.quantity)
        }
        let times = supply.keys.sorted { Google_Protobuf_Timestamp.precedesOrEquals($0, $1) && $0 != $1 }
        var cumulative = available
        var points: [Oms_V1_AtpPoint] = []
        for time in times {
            let arriving = supply[time] ?? .zero
            let needed = due[time] ?? .zero
            cumulative = cumulative.saturatingAdding(arriving).saturatingSubtracting(needed)
            var point = Oms_V1_AtpPoint()
            point.time = time
            point.receipts = arriving.description
            point.demand = needed.description
            // Demand beyond supply is a shortage, not negative promise.
            point.availableToPromise = (cumulative.isNegative ? Quantity.zero : cumulative).description
            points.append(point)
        }
        // What is promised at one point is gone at every later one.
        var ceiling = Quantity.max
        for index in points.indices.reversed() {
            let atp = min(Quantity(points[index].availableToPromise) ?? .zero, ceiling)
            points[index].availableToPromise = atp.description
            ceiling = atp
        }
        return points
    }

    /// Future supply of `key` (an empty location: every location), earliest
    /// first: the open quantity of expected receipts at their date, what is
    /// in transit to the plant at its expected arrival (overdue or unknown
    /// ones at `now`), and what ACTIVE reservations with an expiry still
    /// hold, at that expiry. Same instants share one entry. The ATP curve's
    /// supply, and the dates of production orders' shortages.
    func supplySchedule(_ key: StockKey, now: Google_Protobuf_Timestamp) -> [(at: Google_Protobuf_Timestamp, quantity: Quantity)] {
        var supply: [Google_Protobuf_Timestamp: Quantity] = [:]
        func add(_ quantity: Quantity, at time: Google_Protobuf_Timestamp) {
            let at = Google_Protobuf_Timestamp.precedesOrEquals(time, now) ? now : time
            supply[at] = supply[at, default: .zero].saturatingAdding(quantity)
        }
        for receipt in expectedReceipts.values where receipt.matches(key) {
            add(Quantity(micros: receipt.quantityOpenMicros), at: receipt.expectedAt)
        }
        forEachInTransit(key) { quantity, arrival in add(quantity, at: arrival ?? now) }
        for id in expiring.ids {
            guard let reservation = reservations[id], reservation.status == .active,
                let expiresAt = reservation.expiresAt
            else { continue }
            for line in reservation.lines where line.key.itemID == key.itemID
                && (key.locationID.isEmpty || line.key.locationID == key.locationID)
            {
                add(line.open, at: expiresAt)
            }
        }
        return supply.sorted { Google_Protobuf_Timestamp.precedesOrEquals($0.key, $1.key) }
            .map { (at: $0.key, quantity: $0.value) }
    }

    /// The contract's figures of one key: unit, stock, in transit, on order.
    func balance(_ key: StockKey, figures: StockFigures) -> Oms_V1_StockBalance {
        var balance = Oms_V1_StockBalance()
        balance.plantID = plantID
        balance.locationID = key.locationID
        balance.itemID = key.itemID
        balance.unit = displayUnit(key.itemID)
        balance.onHand = figures.onHand.description
        balance.reserved = figures.reserved.description
        balance.available = figures.available.description
        balance.inTransit = inTransit(key).description
        balance.onOrder = expectedReceipts.values.filter { $0.matches(key) }
            .reduce(Quantity.zero) { $0.saturatingAdding(Quantity(micros: $1.quantityOpenMicros)) }.description
        return balance
    }

    /// The contract's view of an expected receipt; nil when unknown or no longer open.
    public func expectedReceipt(id: String) -> Oms_V1_ExpectedReceipt? {
        expectedReceipts[id].map(expectedReceiptView)
    }

    /// The contract's view of a reservation; nil when unknown.
    public func reservation(id: String) -> Oms_V1_Reservation? {
        reservations[id]?.proto(plantID: plantID)
    }
}
