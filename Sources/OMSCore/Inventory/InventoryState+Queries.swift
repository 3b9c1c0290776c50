public import Foundation
public import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// Stock figures now, per requested item (in request order), summed over
    /// the plant's locations or for `location_id`. An item the plant never
    /// received reports zeros. With `horizon_end` the ATP curve is a single
    /// point "now" at the available quantity: expected receipts and transfers
    /// are not modelled yet, so nothing changes it before the horizon
    /// (time-phased ATP comes with them). in_transit and on_order are "0".
    public func availability(
        _ request: Oms_V1_StockAvailabilityRequest, now: Date
    ) throws(DomainError) -> Oms_V1_StockAvailabilityResponse {
        try checkPlant(request.plantID)
        if request.itemIds.isEmpty { throw .invalid("item_ids", "at least one item is required") }
        var response = Oms_V1_StockAvailabilityResponse()
        for (index, itemID) in request.itemIds.enumerated() {
            try required(itemID, field: "item_ids[\(index)]")
            let key = StockKey(itemID: itemID, locationID: request.locationID)
            let figures = request.locationID.isEmpty ? totalFigures(itemID: itemID) : figures(key)
            var item = Oms_V1_ItemAvailability()
            item.balance = Self.balance(plantID: plantID, key: key, unit: itemUnits[itemID] ?? "", figures: figures)
            if request.hasHorizonEnd {
                var point = Oms_V1_AtpPoint()
                point.time = Google_Protobuf_Timestamp(date: now)
                point.availableToPromise = figures.available.description
                point.receipts = "0"
                point.demand = "0"
                item.atp = [point]
            }
            response.items.append(item)
        }
        return response
    }

    /// The contract's view of a reservation; nil when unknown.
    public func reservation(id: String) -> Oms_V1_Reservation? {
        reservations[id]?.proto(plantID: plantID)
    }
}
