import OMSProto

extension OrderBook {
    /// Expedite: sets (or with `clear` removes) the rush mark while the order
    /// is still to be delivered; FAILED_PRECONDITION once SHIPPED or
    /// CANCELLED. Asking for the mark the order already has changes nothing.
    func decideExpedite(
        _ request: Oms_V1_ExpediteOrderRequest, _ envelope: Oms_Journal_V1_OrderEvent
    ) throws(DomainError) -> (events: [Oms_Journal_V1_OrderEvent], order: Oms_V1_Order) {
        let order = try existingOrder(request.orderID)
        guard OrderLifecycle.isExpeditable(order.state) else {
            throw .orderState(order, cannot: request.clear ? "clear its rush mark" : "expedite")
        }
        let expedited = !request.clear
        if order.expedited == expedited { return ([], view(order, now: envelope.at)) }

        var changed = Oms_Journal_V1_OrderExpediteChanged()
        changed.orderID = order.id
        changed.version = order.version + 1
        changed.expedited = expedited
        changed.reason = request.reason
        var event = envelope
        event.orderExpediteChanged = changed
        return outcome(order, event)
    }
}
