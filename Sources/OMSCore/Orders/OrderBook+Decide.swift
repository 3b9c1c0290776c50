public import OMSProto
import SwiftProtobuf

extension OrderBook {
    /// Decides a command against the book: the events to journal and apply,
    /// and the reply to send once they are durable. Pure: reads no clock
    /// (time comes from `context.now`), changes nothing, and throws before
    /// any event exists when a rule refuses the command. A command that would
    /// change nothing (an identical resubmission, a repeated shipment
    /// reference, an amendment without differences) returns no events.
    ///
    /// The reply equals what the book shows after applying the events.
    /// The form `ShardDomain` calls; records no on-behalf-of.
    public func decide(
        _ command: OrderCommand, context: CommandContext
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], reply: OrderReply) {
        try decide(command, context: context, onBehalfOf: "")
    }

    /// `decide`, recording `onBehalfOf` (request metadata "on-behalf-of":
    /// the person a connector or omsctl acts for) next to the principal.
    public func decide(
        _ command: OrderCommand, context: CommandContext, onBehalfOf: String
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], reply: OrderReply) {
        try checkContext(context)
        var envelope = Oms_Journal_V1_OrderEvent()
        envelope.at = Google_Protobuf_Timestamp(date: context.now)
        envelope.principal = context.principal
        envelope.onBehalfOf = onBehalfOf

        switch command {
        case .submit(let request, let masterData):
            let (events, response) = try decideSubmit(request, envelope, masterData: masterData)
            return (events, .submit(response))
        case .amend(let request, let masterData):
            let (events, order) = try decideAmend(request, envelope, masterData: masterData)
            var response = Oms_V1_AmendOrderResponse()
            response.order = order
            return (events, .amend(response))
        case .cancel(let request):
            let (events, order) = try decideTransition(
                .cancel, request.orderID, reason: request.reason, expectedVersion: request.expectedVersion, envelope
            ) { order, draft throws(DomainError) in draft.unpeg(orderID: order.id) }
            var response = Oms_V1_CancelOrderResponse()
            response.order = order
            return (events, .cancel(response))
        case .hold(let request):
            let (events, order) = try decideTransition(
                .hold, request.orderID, reason: request.reason, expectedVersion: request.expectedVersion, envelope)
            var response = Oms_V1_HoldOrderResponse()
            response.order = order
            return (events, .hold(response))
        case .releaseHold(let request):
            let (events, order) = try decideTransition(
                .releaseHold, request.orderID, reason: request.reason, expectedVersion: request.expectedVersion,
                envelope)
            var response = Oms_V1_ReleaseOrderHoldResponse()
            response.order = order
            return (events, .releaseHold(response))
        case .approve(let request, let masterData):
            let (events, order) = try decideTransition(
                .approve, request.orderID, reason: request.reason, expectedVersion: request.expectedVersion, envelope
            ) { order, draft throws(DomainError) in
                try peg(order.content.lines, of: order.id, into: &draft, masterData: masterData)
            }
            var response = Oms_V1_ApproveOrderResponse()
            response.order = order
            return (events, .approve(response))
        case .expedite(let request):
            let (events, order) = try decideExpedite(request, envelope)
            var response = Oms_V1_ExpediteOrderResponse()
            response.order = order
            return (events, .expedite(response))
        case .ship(let request):
            let (events, order) = try decideShip(request, envelope)
            var response = Oms_V1_ShipOrderResponse()
            response.order = order
            return (events, .ship(response))
        case .advance(let orderID, let state, let reason):
            guard let transition = OrderLifecycle.systemTransition(to: state) else {
                throw .invalid(
                    "to",
                    "planning and the shop floor move orders to PLANNED, RELEASED, IN_PRODUCTION or COMPLETED, "
                        + "not \(OrderLifecycle.name(state))")
            }
            var system = envelope
            system.principal = "system"
            let (events, order) = try decideTransition(transition, orderID, reason: reason, expectedVersion: 0, system)
            return (events, .advance(order))
        case .split(let request, let masterData):
            let (events, response) = try decideSplit(request, envelope, masterData: masterData)
            return (events, .split(response))
        case .merge(let request):
            let (events, response) = try decideMerge(request, envelope)
            return (events, .merge(response))
        case .releaseProductionOrders(let request):
            let (events, response) = try decideRelease(request, envelope)
            return (events, .releaseProductionOrders(response))
        }
    }

    /// The order with this id, or INVALID_ARGUMENT (no id) / NOT_FOUND.
    func existingOrder(_ orderID: String) throws(DomainError) -> OrderRecord {
        if orderID.isEmpty { throw .invalid("order_id", "required") }
        guard let order = record(orderID) else { throw .orderNotFound(orderID) }
        return order
    }

    /// `expected` 0 = no check; otherwise ABORTED unless it is the order's version.
    func checkVersion(_ order: OrderRecord, expected: UInt64) throws(DomainError) {
        if expected != 0 && expected != order.version { throw .orderVersionConflict(order, expected: expected) }
    }

    /// One event about `order`, followed by the production orders `draft`
    /// changed (if any), and the order as they leave it.
    func outcome(
        _ order: OrderRecord, _ event: Oms_Journal_V1_OrderEvent, draft: ProductionDraft? = nil, reason: String = ""
    ) -> (events: [Oms_Journal_V1_OrderEvent], order: Oms_V1_Order) {
        var after = order
        after.apply(event, sequence: 0)
        var events = [event]
        if let draft, let production = productionEvent(draft, event, reason: reason) { events.append(production) }
        return (events, view(after, now: event.at, draft: draft))
    }

    /// Approve, Hold, ReleaseHold, Cancel and the system transitions: one
    /// step of the lifecycle table, else FAILED_PRECONDITION naming the state.
    /// Hold and Cancel need a reason. `production` changes the order's
    /// production orders in the same decision (approval pegs, cancellation
    /// unpegs).
    func decideTransition(
        _ transition: OrderTransition, _ orderID: String, reason: String, expectedVersion: UInt64,
        _ envelope: Oms_Journal_V1_OrderEvent,
        production: ((OrderRecord, inout ProductionDraft) throws(DomainError) -> Void)? = nil
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], order: Oms_V1_Order) {
        if (transition == .hold || transition == .cancel) && Self.isBlank(reason) {
            throw .invalid("reason", "required")
        }
        let order = try existingOrder(orderID)
        try checkVersion(order, expected: expectedVersion)
        guard let target = OrderLifecycle.target(of: transition, from: order.state, heldIn: order.stateBeforeHold)
        else { throw .orderState(order, cannot: transition.rawValue) }

        var changed = Oms_Journal_V1_OrderStateChanged()
        changed.orderID = order.id
        changed.version = order.version + 1
        changed.previousState = order.state
        changed.newState = target
        changed.action = OrderLifecycle.action(of: transition)
        changed.reason = reason
        var event = envelope
        event.orderStateChanged = changed
        guard let production else { return outcome(order, event) }
        var draft = productionDraft(envelope)
        try production(order, &draft)
        return outcome(order, event, draft: draft, reason: reason)
    }
}
