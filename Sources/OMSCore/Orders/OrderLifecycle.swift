public import OMSProto

/// What can happen to a customer order's state.
public enum OrderTransition: String, Sendable, CaseIterable {
    case approve
    /// Planning scheduled its production (APPROVED -> PLANNED).
    case plan
    /// Its production was released to the shop floor (PLANNED -> RELEASED).
    case release
    /// The shop floor reported work on it (RELEASED -> IN_PRODUCTION).
    case startProduction
    /// Every line is produced or available (IN_PRODUCTION -> COMPLETED).
    case complete
    /// The last shipment (COMPLETED -> SHIPPED); partial shipments keep COMPLETED.
    case ship
    case hold
    case releaseHold
    case cancel
}

/// The customer-order lifecycle of orders.proto as an explicit table:
///
///     RECEIVED -> APPROVED -> PLANNED -> RELEASED -> IN_PRODUCTION -> COMPLETED -> SHIPPED
///
/// plus HELD (from RECEIVED .. IN_PRODUCTION, back to the state held in) and
/// CANCELLED (from anything before COMPLETED, HELD included). SHIPPED and
/// CANCELLED are final.
public enum OrderLifecycle {
    /// The states an order can be held in (and return to).
    public static let holdable: Set<Oms_V1_OrderState> = [.received, .approved, .planned, .released, .inProduction]

    /// transition -> (states it leaves, state it reaches); ReleaseHold's
    /// target is the state the order was held in, so it has none here.
    static let table: [OrderTransition: (from: Set<Oms_V1_OrderState>, to: Oms_V1_OrderState?)] = [
        .approve: ([.received], .approved),
        .plan: ([.approved], .planned),
        .release: ([.planned], .released),
        .startProduction: ([.released], .inProduction),
        .complete: ([.inProduction], .completed),
        .ship: ([.completed], .shipped),
        .hold: (holdable, .held),
        .releaseHold: ([.held], nil),
        .cancel: (holdable.union([.held]), .cancelled),
    ]

    /// The state `transition` leads to from `state`, or nil when the lifecycle
    /// does not allow it. `heldIn` is the state a HELD order returns to.
    public static func target(
        of transition: OrderTransition, from state: Oms_V1_OrderState, heldIn: Oms_V1_OrderState
    ) -> Oms_V1_OrderState? {
        guard let rule = table[transition], rule.from.contains(state) else { return nil }
        if transition == .releaseHold { return holdable.contains(heldIn) ? heldIn : nil }
        return rule.to
    }

    /// Nothing leaves these.
    public static func isFinal(_ state: Oms_V1_OrderState) -> Bool {
        state == .shipped || state == .cancelled
    }

    /// Content can be amended until production is complete.
    public static func isAmendable(_ state: Oms_V1_OrderState) -> Bool {
        state == .held || holdable.contains(state)
    }

    /// A rush mark makes sense while the order is still to be delivered.
    public static func isExpeditable(_ state: Oms_V1_OrderState) -> Bool {
        isAmendable(state) || state == .completed
    }

    /// The transitions that planning and the shop floor drive, by target state.
    public static func systemTransition(to state: Oms_V1_OrderState) -> OrderTransition? {
        switch state {
        case .planned: .plan
        case .released: .release
        case .inProduction: .startProduction
        case .completed: .complete
        default: nil
        }
    }

    /// The audit-trail action of a state change.
    public static func action(of transition: OrderTransition) -> Oms_V1_OrderAction {
        switch transition {
        case .approve: .approved
        case .plan: .planned
        case .release: .released
        case .startProduction: .productionStarted
        case .complete: .completed
        case .ship: .shipped
        case .hold: .held
        case .releaseHold: .holdReleased
        case .cancel: .cancelled
        }
    }

    /// The state's name without its enum prefix ("IN_PRODUCTION"), as
    /// PreconditionFailure.current_state carries it (like inventory's "ACTIVE").
    public static func name(_ state: Oms_V1_OrderState) -> String {
        switch state {
        case .unspecified: "UNSPECIFIED"
        case .received: "RECEIVED"
        case .approved: "APPROVED"
        case .planned: "PLANNED"
        case .released: "RELEASED"
        case .inProduction: "IN_PRODUCTION"
        case .completed: "COMPLETED"
        case .shipped: "SHIPPED"
        case .held: "HELD"
        case .cancelled: "CANCELLED"
        case .UNRECOGNIZED(let raw): "UNRECOGNIZED(\(raw))"
        }
    }
}
