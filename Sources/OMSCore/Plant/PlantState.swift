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

    /// Room for the reservations (and their idempotency keys) that `events`
    /// more events can create, at most one each: a replay of a long journal
    /// then fills its tables without growing them step by step.
    public mutating func reserveInventoryCapacity(forEvents events: Int) {
        inventory.reservations.reserveCapacity(inventory.reservations.count + events)
        inventory.idempotentReserves.reserveCapacity(inventory.idempotentReserves.count + events)
    }

    /// Shrinks the tables `reserveInventoryCapacity` sized for a whole
    /// journal when far fewer entries came (a journal of order events fills
    /// neither): a copy at the size it holds.
    public mutating func releaseUnusedInventoryCapacity() {
        inventory.reservations.releaseUnusedCapacity()
        inventory.idempotentReserves.releaseUnusedCapacity()
    }

    /// The same state with another default hold for Reserve (configuration,
    /// not history: only deciding reads it, the resolved expiry is journaled).
    public func withDefaultHold(_ hold: Double?) -> PlantState {
        var state = self
        state.inventory.defaultHold = hold
        return state
    }

    /// The same state keeping idempotency keys for `retention` seconds after
    /// their first use (nil = forever). Older keys go with the next event.
    public func withKeyRetention(_ retention: Double?) -> PlantState {
        var state = self
        state.inventory = inventory.withKeyRetention(retention)
        return state
    }

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
        case .expireReservations:
            let events = inventory.expire(now: context.now)
            return (events.map(PlantEvent.inventory), .expired(reservations: events.count))
        }
    }

    /// The material check: components reserved for production orders and
    /// shortages recorded, as the command's events leave the plant.
    public func reaction(to events: [PlantEvent], context: CommandContext) -> [PlantEvent] {
        materialReaction(to: events, now: context.now)
    }

    public func refreshed(_ reply: PlantReply) -> PlantReply {
        withCurrentMaterial(reply)
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
    /// Housekeeping the daemon sends periodically: returns the stock of
    /// reservations past their expiry (and, through the material check,
    /// hands it to production orders that miss it).
    case expireReservations
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
    /// How many reservations expired.
    case expired(reservations: Int)
}
