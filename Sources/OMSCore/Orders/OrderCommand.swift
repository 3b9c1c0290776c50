public import OMSProto

/// A mutation of a plant's order book: the contract's request, as received,
/// or a transition driven by planning or the shop floor.
///
/// Commands that create or re-shape production orders carry the master data
/// as the service saw it when the request arrived (`Catalog` is a value:
/// passing it copies nothing), so deciding stays pure; their events carry
/// the resulting production orders, so replay never reads master data.
public enum OrderCommand: Sendable, Equatable {
    /// Priority 0 takes the customer's priority from `masterData`.
    case submit(Oms_V1_SubmitOrderRequest, masterData: Catalog = Catalog())
    /// Changed lines of an approved order are re-pegged with `masterData`.
    case amend(Oms_V1_AmendOrderRequest, masterData: Catalog = Catalog())
    case cancel(Oms_V1_CancelOrderRequest)
    case hold(Oms_V1_HoldOrderRequest)
    case releaseHold(Oms_V1_ReleaseOrderHoldRequest)
    /// Approval pegs the make lines to production orders by `masterData`'s
    /// routings, lot sizes and lot rules.
    case approve(Oms_V1_ApproveOrderRequest, masterData: Catalog = Catalog())
    case expedite(Oms_V1_ExpediteOrderRequest)
    case ship(Oms_V1_ShipOrderRequest)
    /// A part may name an alternate routing, looked up in `masterData`.
    case split(Oms_V1_SplitProductionOrderRequest, masterData: Catalog = Catalog())
    case merge(Oms_V1_MergeProductionOrdersRequest)
    case releaseProductionOrders(Oms_V1_ReleaseProductionOrdersRequest)
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
    case split(Oms_V1_SplitProductionOrderResponse)
    case merge(Oms_V1_MergeProductionOrdersResponse)
    case releaseProductionOrders(Oms_V1_ReleaseProductionOrdersResponse)

    /// The order as the command left it; nil for the production-order commands.
    public var changedOrder: Oms_V1_Order? {
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
        case .split, .merge, .releaseProductionOrders: nil
        }
    }
}
