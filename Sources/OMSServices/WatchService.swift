import Foundation
public import OMSCore
public import OMSProto
public import OMSRPC
import OMSWire
import SwiftProtobuf

/// Where past order events come from when a stream resumes: the plant's
/// journal (blocking reads; the service calls it off the event loops).
public protocol OrderJournalHistory: Sendable {
    /// The plant's order events after `sequence`, in order, with the plant's current state.
    func orderEvents(plant: String, after sequence: UInt64) async throws
        -> (events: [(sequence: UInt64, event: Oms_Journal_V1_OrderEvent)], state: PlantState?)
}

/// oms.v1.WatchService: order events as server streams, resumable by per-plant
/// sequence without gaps or duplicates. The stream subscribes to live events
/// first and then replays the journal after the client's position, skipping
/// live events it already replayed.
public struct WatchService: RPCService {
    let hub: OrderEventHub
    let history: any OrderJournalHistory
    let plants: @Sendable () -> [String]

    public init(hub: OrderEventHub, history: any OrderJournalHistory, plants: @escaping @Sendable () -> [String]) {
        self.hub = hub
        self.history = history
        self.plants = plants
    }

    public func register(in router: inout RPCRouter) {
        let hub = self.hub
        let history = self.history
        let knownPlants = self.plants
        router.serverStreaming("oms.v1.WatchService/Watch") {
            (request: Oms_V1_WatchEventsRequest, _, writer: ResponseWriter<Oms_V1_Event>) in
            let filter = try WatchFilter(request)
            let (live, continuation) = AsyncStream<[Oms_V1_Event]>.makeStream()
            let (subscription, heads) = hub.subscribe(plants: filter.plants) { continuation.yield($0) }
            defer {
                hub.unsubscribe(subscription)
                continuation.finish()
            }
            // Per plant: the last sequence this stream has delivered (or skipped as not matching).
            var position: [String: UInt64] = [:]
            let plants = filter.plants.isEmpty ? Set(knownPlants()).union(request.afterSequence.keys) : filter.plants
            for plant in plants.sorted() {
                let start: UInt64
                if let after = request.afterSequence[plant] {
                    start = after
                } else if request.start == .oldest {
                    start = 0
                } else {
                    position[plant] = heads[plant] ?? 0
                    continue
                }
                let (past, state) = try await history.orderEvents(plant: plant, after: start)
                var delivered = start
                if let state {
                    for event in OrderEventHub.convert(plant: plant, past, orders: state.orders, now: Date())
                    where filter.matches(event) {
                        // A long history goes at the client's pace.
                        try await writer.waitForRoom()
                        try writer.send(event)
                    }
                    delivered = max(start, past.last?.sequence ?? start)
                }
                position[plant] = delivered
            }
            for plant in position.keys.sorted() {
                try writer.send(Self.heartbeat(plant: plant, sequence: position[plant] ?? 0, live: true))
            }
            // An empty batch is the heartbeat tick: the stream's positions, so a
            // client with a filter that matches nothing can still advance its own.
            let interval = Duration.seconds(request.heartbeatSeconds == 0 ? 30 : Int64(request.heartbeatSeconds))
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    continuation.yield([])
                }
            }
            defer { ticker.cancel() }
            for await batch in live {
                if batch.isEmpty {
                    for plant in position.keys.sorted() {
                        try writer.send(Self.heartbeat(plant: plant, sequence: position[plant] ?? 0, live: true))
                    }
                }
                // A batch is one commit's; a Split or Merge gives several events
                // (one per order) the same sequence, so compare with the positions before it.
                let before = position
                for event in batch {
                    // Already delivered from the journal, or from before this stream's start.
                    if let seen = before[event.plantID], event.sequence <= seen { continue }
                    position[event.plantID] = event.sequence
                    if filter.matches(event) { try writer.send(event) }
                }
            }
            throw CancellationError()
        }
    }

    static func heartbeat(plant: String, sequence: UInt64, live: Bool) -> Oms_V1_Event {
        var event = Oms_V1_Event()
        event.plantID = plant
        event.sequence = sequence
        event.time = Google_Protobuf_Timestamp(date: Date())
        var beat = Oms_V1_WatchHeartbeat()
        beat.live = live
        event.heartbeat = beat
        return event
    }
}

/// What a Watch request asks for; only order events exist so far.
struct WatchFilter: Sendable {
    var plants: Set<String>
    var orders: Set<String>
    var customers: Set<String>

    init(_ request: Oms_V1_WatchEventsRequest) throws(RPCError) {
        plants = Set(request.plantIds)
        orders = Set(request.orderIds)
        customers = Set(request.customerIds)
        let unsupported = request.kinds.filter { $0 != .order }
        if !request.kinds.isEmpty && !unsupported.isEmpty && unsupported.count == request.kinds.count {
            throw RPCError.invalidArgument(field: "kinds", "only EVENT_KIND_ORDER events are published so far")
        }
    }

    func matches(_ event: Oms_V1_Event) -> Bool {
        guard case .order(let change)? = event.payload else { return false }
        if !orders.isEmpty && !orders.contains(change.order.orderID) { return false }
        if !customers.isEmpty && !customers.contains(change.order.customerID) { return false }
        return true
    }
}
