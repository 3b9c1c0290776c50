public import OMSProto

/// Everything one plant's single writer owns: its inventory and its customer
/// orders, with one journal and so one sequence (what `WatchService` and
/// `as_of_sequence` promise clients). Commands of either domain decide
/// against the same state, so a rule that spans them (an order reserving its
/// material) is one atomic decision.
public struct PlantState: Sendable, Equatable {
    public internal(set) var inventory: InventoryState
    public internal(set) var orders: OrderBook
    /// Journal sequence of the last event applied (0 = none): the plant's
    /// journal holds exactly this state's events from 1 (or from a snapshot).
    public internal(set) var sequence: Int64 = 0

    public init(plantID: String, defaultHold: Double? = nil) {
        inventory = InventoryState(plantID: plantID, defaultHold: defaultHold)
        orders = OrderBook(plantID: plantID)
    }

    public var plantID: String { inventory.plantID }

    public func decide(_ command: PlantCommand, context: CommandContext) throws(DomainError)
        -> (events: [PlantEvent], reply: PlantReply)
    {
        switch command {
        case .inventory(let command):
            let (events, reply) = try inventory.decide(command, context: context)
            return (events.map(PlantEvent.inventory), .inventory(reply))
        case .order(let command, let onBehalfOf):
            let (events, reply) = try orders.decide(command, context: context, onBehalfOf: onBehalfOf)
            return (events.map(PlantEvent.order), .order(reply))
        }
    }

    public mutating func apply(_ event: PlantEvent) {
        sequence += 1
        switch event {
        case .inventory(let event): inventory.apply(event)
        case .order(let event): orders.apply(event, seq: sequence)
        }
    }
}

/// A command to a plant's writer.
public enum PlantCommand: Sendable, Equatable {
    case inventory(InventoryCommand)
    /// `onBehalfOf`: the person a connector or omsctl acts for (request
    /// metadata "on-behalf-of"), recorded in the order's history.
    case order(OrderCommand, onBehalfOf: String)
}

/// One journaled change of a plant.
public enum PlantEvent: Sendable, Equatable {
    case inventory(Oms_Journal_V1_InventoryEvent)
    case order(Oms_Journal_V1_OrderEvent)
}

/// The answer to a `PlantCommand`, matching its case.
public enum PlantReply: Sendable, Equatable {
    case inventory(InventoryReply)
    case order(OrderReply)
}
