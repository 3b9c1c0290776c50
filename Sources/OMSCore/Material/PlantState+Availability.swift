public import Foundation
public import OMSProto
import SwiftProtobuf

extension PlantState {
    /// `InventoryState.availability` with the plant's planned component
    /// needs as ATP demand: what production orders miss, at the date they
    /// need it. Supply in sight is theirs first (ADR 0010), so it is not
    /// promised to anyone else.
    public func stockAvailability(
        _ request: Oms_V1_StockAvailabilityRequest, now: Date
    ) throws(DomainError) -> Oms_V1_StockAvailabilityResponse {
        try inventory.availability(request, now: now) { itemID in
            orders.production.shortLots(of: itemID).flatMap { lot in
                lot.shortages.filter { $0.itemID == itemID }.map {
                    (at: $0.neededAt, quantity: Quantity(micros: $0.missingMicros))
                }
            }
        }
    }
}
