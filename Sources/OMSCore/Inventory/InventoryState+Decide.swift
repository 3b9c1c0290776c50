public import OMSProto

extension InventoryState {
    /// Decides a command against the current state: the events to journal and
    /// apply, and the reply to send once they are durable. Pure: reads no clock
    /// (time comes from `context.now`), changes nothing, and throws before any
    /// event exists when a rule refuses the command.
    ///
    /// The reply equals what the state shows after applying the events.
    public func decide(
        _ command: InventoryCommand,
        context: CommandContext
    ) throws(DomainError) -> (events: [Oms_Journal_V1_InventoryEvent], reply: InventoryReply) {
        try checkContext(context)
        return try decideOnce(command, context: context) { () throws(DomainError) in
            try decideCommand(command, context: context)
        }
    }

    private func decideCommand(
        _ command: InventoryCommand, context: CommandContext
    ) throws(DomainError) -> (events: [Oms_Journal_V1_InventoryEvent], reply: InventoryReply) {
        switch command {
        case .receive(let request):
            let (event, response) = try decideReceive(request, context: context)
            return ([event], .receive(response))
        case .reserve(let request):
            let (events, response) = try decideReserve(request, context: context)
            return (events, .reserve(response))
        case .release(let request):
            let (event, response) = try decideRelease(request, context: context)
            return ([event], .release(response))
        case .consume(let request):
            let (event, response) = try decideConsume(request, context: context)
            return ([event], .consume(response))
        case .adjust(let request):
            let (event, response) = try decideAdjust(request, context: context)
            return ([event], .adjust(response))
        case .expectReceipt(let request):
            let (events, response) = try decideExpectReceipt(request, context: context)
            return (events, .expectReceipt(response))
        case .confirmReservation(let request):
            let (event, response) = try decideConfirm(request, context: context)
            return ([event], .confirmReservation(response))
        case .transfer(let request):
            let (event, response) = try decideTransfer(request, context: context)
            return ([event], .transfer(response))
        case .registerInboundTransfer(let record):
            let (events, response) = try decideInboundTransfer(record, context: context)
            return (events, .registerInboundTransfer(response))
        }
    }

    /// An event envelope stamped with the command's time and principal.
    static func envelope(_ context: CommandContext) -> Oms_Journal_V1_InventoryEvent {
        var event = Oms_Journal_V1_InventoryEvent()
        event.at = .init(date: context.now)
        event.principal = context.principal
        return event
    }

    static func movement(
        id: String, plantID: String, key: StockKey, kind: Oms_V1_MovementKind, quantity: Quantity,
        unit: String, onHandAfter: Quantity, event: Oms_Journal_V1_InventoryEvent
    ) -> Oms_V1_StockMovement {
        var movement = Oms_V1_StockMovement()
        movement.movementID = id
        movement.plantID = plantID
        movement.locationID = key.locationID
        movement.itemID = key.itemID
        movement.kind = kind
        movement.quantity = quantity.description
        movement.unit = unit
        movement.onHandAfter = onHandAfter.description
        movement.time = event.at
        movement.actor = event.principal
        return movement
    }
}
