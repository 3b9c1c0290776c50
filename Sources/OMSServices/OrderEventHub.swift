import Foundation
public import OMSCore
public import OMSProto
import Synchronization

/// Fans committed order events of every plant out to the open Watch streams.
/// Published on the plants' writer threads, right after commit; converting
/// to the contract's `Event` happens only while someone watches.
public final class OrderEventHub: Sendable {
    struct Subscriber: Sendable {
        var plants: Set<String>
        var deliver: @Sendable ([Oms_V1_Event]) -> Void
    }

    private struct State {
        var nextID: UInt64 = 0
        var subscribers: [UInt64: Subscriber] = [:]
        /// Plant -> last sequence published (what "start now" means).
        var heads: [String: UInt64] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// A plant's committed order events, with the committed state that includes them.
    public func publish(plant: String, _ events: [(sequence: UInt64, event: Oms_Journal_V1_OrderEvent)], state plantState: PlantState) {
        guard let last = events.last else { return }
        let receivers = state.withLock { state -> [Subscriber] in
            state.heads[plant] = max(state.heads[plant] ?? 0, last.sequence)
            return state.subscribers.values.filter { $0.plants.isEmpty || $0.plants.contains(plant) }
        }
        guard !receivers.isEmpty else { return }
        let converted = Self.convert(plant: plant, events, orders: plantState.orders, now: Date())
        for receiver in receivers { receiver.deliver(converted) }
    }

    /// Records that a plant's journal is at `sequence` (at start-up, after recovery).
    public func recovered(plant: String, sequence: UInt64) {
        state.withLock { $0.heads[plant] = max($0.heads[plant] ?? 0, sequence) }
    }

    /// Starts delivering; returns the id to unsubscribe with and each plant's
    /// last published sequence at that moment (everything after it will be delivered).
    func subscribe(plants: Set<String>, deliver: @escaping @Sendable ([Oms_V1_Event]) -> Void) -> (UInt64, [String: UInt64]) {
        state.withLock { state in
            state.nextID += 1
            state.subscribers[state.nextID] = Subscriber(plants: plants, deliver: deliver)
            return (state.nextID, state.heads)
        }
    }

    func unsubscribe(_ id: UInt64) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    static func convert(
        plant: String, _ events: [(sequence: UInt64, event: Oms_Journal_V1_OrderEvent)], orders: OrderBook, now: Date
    ) -> [Oms_V1_Event] {
        events.flatMap { item in
            OrderBook.orderIDs(of: item.event).map { (item, $0) }
        }.compactMap { item, orderID in
            guard let change = orders.watchEvent(orderID: orderID, sequence: item.sequence, now: now)
            else { return nil }
            var event = Oms_V1_Event()
            event.sequence = item.sequence
            event.time = item.event.at
            event.plantID = plant
            event.order = change
            return event
        }
    }
}
