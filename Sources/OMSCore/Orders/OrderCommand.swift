public import OMSProto

/// A mutation of a plant's order book: the contract's request, as received,
/// or a transition driven by planning or the shop floor.
public enum OrderCommand: Sendable, Equatable {
    case submit(Oms_V1_SubmitOrderRequest)
    case amend(Oms_V1_AmendOrderRequest)
    case cancel(Oms_V1_CancelOrderRequest)
    case hold(Oms_V1_HoldOrderRequest)
    case releaseHold(Oms_V1_ReleaseOrderHoldRequest)
    case approve(Oms_V1_ApproveOrderRequest)
    case expedite(Oms_V1_ExpediteOrderRequest)
    case ship(Oms_V1_ShipOrderRequest)
    /// One step along APPROVED -> PLANNED -> RELEASED -> IN_PRODUCTION ->
    /// COMPLETED, recorded with actor "system".
    case advance(orderID: String, to: Oms_V1_OrderState, reason: String)
}

/// The answer to an `OrderCommand`, matching its case.
public enum OrderReply: Sendable, Equatable {
    case submit(Oms_V1_SubmitOrderResponse)
    case amend(Oms_V1_AmendOrderResponse)
    case cancel(Oms_V1_CancelOrderResponse)
    case hold(Oms_V1_HoldOrderResponse)
    case releaseHold(Oms_V1_ReleaseOrderHoldResponse)
    case approve(Oms_V1_ApproveOrderResponse)
    case expedite(Oms_V1_ExpediteOrderResponse)
    case ship(Oms_V1_ShipOrderResponse)
    case advance(Oms_V1_Order)

    /// The order as the command left it, whatever the case.
    public var order: Oms_V1_Order {
        switch self {
        case .submit(let response): response.order
        case .amend(let response): response.order
        case .cancel(let response): response.order
        case .hold(let response): response.order
        case .releaseHold(let response): response.order
        case .approve(let response): response.order
        case .expedite(let response): response.order
        case .ship(let response): response.order
        case .advance(let order): order
        }
    }
}
