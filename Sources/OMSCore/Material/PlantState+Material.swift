public import Foundation
import OMSProto
import SwiftProtobuf

extension PlantState {
    /// The material check (`MaterialCheck`) after `events` have been applied
    /// to this state: the events that reserve components for production
    /// orders and record their shortages; empty when nothing changes.
    public func materialReaction(to events: [PlantEvent], now: Date) -> [PlantEvent] {
        var check = MaterialCheck(inventory: inventory, book: orders, at: Google_Protobuf_Timestamp(date: now))
        events.forEach { check.note($0) }
        return check.run()
    }

    /// `reply` with the material shortages as this state has them: a
    /// command's answer is decided before its material check runs.
    public func withCurrentMaterial(_ reply: PlantReply) -> PlantReply {
        guard case .order(let orderReply) = reply else { return reply }
        return .order(orders.withCurrentMaterial(orderReply))
    }
}

extension OrderBook {
    func withCurrentMaterial(_ reply: OrderReply) -> OrderReply {
        func order(_ order: Oms_V1_Order) -> Oms_V1_Order {
            guard let record = record(order.orderID) else { return order }
            var order = order
            order.materialShortages = view(record, now: Google_Protobuf_Timestamp()).materialShortages
            return order
        }
        func lot(_ lot: Oms_V1_ProductionOrder) -> Oms_V1_ProductionOrder {
            guard let record = production.record(lot.productionOrderID) else { return lot }
            var lot = lot
            lot.materialShortages = record.shortages.map {
                $0.proto(productionOrderID: record.productionOrderID, plantID: plantID)
            }
            return lot
        }
        func lots(_ lots: [Oms_V1_ProductionOrder]) -> [Oms_V1_ProductionOrder] { lots.map(lot) }
        switch reply {
        case .submit(var response): response.order = order(response.order); return .submit(response)
        case .amend(var response): response.order = order(response.order); return .amend(response)
        case .cancel(var response): response.order = order(response.order); return .cancel(response)
        case .hold(var response): response.order = order(response.order); return .hold(response)
        case .releaseHold(var response): response.order = order(response.order); return .releaseHold(response)
        case .approve(var response): response.order = order(response.order); return .approve(response)
        case .expedite(var response): response.order = order(response.order); return .expedite(response)
        case .ship(var response): response.order = order(response.order); return .ship(response)
        case .advance(let advanced): return .advance(order(advanced))
        case .split(var response): response.productionOrders = lots(response.productionOrders); return .split(response)
        case .merge(var response): response.productionOrder = lot(response.productionOrder); return .merge(response)
        case .releaseProductionOrders(var response):
            response.productionOrders = lots(response.productionOrders)
            return .releaseProductionOrders(response)
        }
    }
}
