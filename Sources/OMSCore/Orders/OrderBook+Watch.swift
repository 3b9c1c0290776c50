public import Foundation
public import OMSProto
import SwiftProtobuf

extension OrderBook {
    /// The WatchService form of the order change journaled at `sequence`:
    /// its history entry and the order as the book holds it now (which is
    /// the order after that change unless later changes are already applied).
    public func watchEvent(orderID: String, sequence: UInt64, now: Date) -> Oms_V1_OrderEvent? {
        guard let record = record(orderID) else { return nil }
        // Entries are appended in sequence order.
        var low = 0
        var high = record.history.count
        while low < high {
            let middle = (low + high) / 2
            if record.history[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        guard low < record.history.count, record.history[low].sequence == sequence else { return nil }
        var event = Oms_V1_OrderEvent()
        event.entry = record.history[low]
        event.order = view(record, now: Google_Protobuf_Timestamp(date: now))
        return event
    }

    /// The orders a journaled order event adds a history entry to.
    public static func orderIDs(of event: Oms_Journal_V1_OrderEvent) -> [String] {
        switch event.event {
        case .orderSubmitted(let e): [e.orderID]
        case .orderAmended(let e): [e.orderID]
        case .orderStateChanged(let e): [e.orderID]
        case .orderExpediteChanged(let e): [e.orderID]
        case .orderShipped(let e): [e.orderID]
        case .productionOrdersChanged(let e): e.orderAction == .unspecified ? [] : e.orders
        case nil: []
        }
    }
}
