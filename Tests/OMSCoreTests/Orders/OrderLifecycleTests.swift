import OMSCore
import OMSProto
import Testing

/// Every state of the lifecycle against every action, from a table written
/// out here from orders.proto (not from the code under test).
@Suite struct OrderLifecycleTests {
    typealias O = OrderHarness

    /// Where an order starts: each state, and HELD once per state it can be held in.
    enum Start: String, CaseIterable, Sendable {
        case received, approved, planned, released, inProduction, completed, shipped, cancelled
        case heldInReceived, heldInApproved, heldInPlanned, heldInReleased, heldInInProduction

        var state: Oms_V1_OrderState {
            switch self {
            case .received: .received
            case .approved: .approved
            case .planned: .planned
            case .released: .released
            case .inProduction: .inProduction
            case .completed: .completed
            case .shipped: .shipped
            case .cancelled: .cancelled
            case .heldInReceived, .heldInApproved, .heldInPlanned, .heldInReleased, .heldInInProduction: .held
            }
        }

        var heldIn: Oms_V1_OrderState? {
            switch self {
            case .heldInReceived: .received
            case .heldInApproved: .approved
            case .heldInPlanned: .planned
            case .heldInReleased: .released
            case .heldInInProduction: .inProduction
            default: nil
            }
        }
    }

    enum Action: String, CaseIterable, Sendable {
        case approve, plan, release, startProduction, complete, ship, hold, releaseHold, cancel, amend, expedite
    }

    /// orders.proto: RECEIVED -> APPROVED -> PLANNED -> RELEASED ->
    /// IN_PRODUCTION -> COMPLETED -> SHIPPED; HELD from RECEIVED ..
    /// IN_PRODUCTION and back; CANCELLED from anything before COMPLETED;
    /// Amend until COMPLETED; Expedite until SHIPPED or CANCELLED.
    /// nil = refused.
    static func expected(_ start: Start, _ action: Action) -> Oms_V1_OrderState? {
        let state = start.state
        let beforeCompleted: Set<Oms_V1_OrderState> = [.received, .approved, .planned, .released, .inProduction]
        switch action {
        case .approve: return state == .received ? .approved : nil
        case .plan: return state == .approved ? .planned : nil
        case .release: return state == .planned ? .released : nil
        case .startProduction: return state == .released ? .inProduction : nil
        case .complete: return state == .inProduction ? .completed : nil
        case .ship: return state == .completed ? .shipped : nil
        case .hold: return beforeCompleted.contains(state) ? .held : nil
        case .releaseHold: return start.heldIn
        case .cancel: return beforeCompleted.contains(state) || state == .held ? .cancelled : nil
        case .amend: return beforeCompleted.contains(state) || state == .held ? state : nil
        case .expedite: return state == .shipped || state == .cancelled ? nil : state
        }
    }

    static func command(_ action: Action, _ id: String, version: UInt64) -> (OrderCommand, principal: String) {
        switch action {
        case .approve: (O.approve(id), "erp")
        case .plan: (O.advance(id, to: .planned), "planner")
        case .release: (O.advance(id, to: .released), "planner")
        case .startProduction: (O.advance(id, to: .inProduction), "mes")
        case .complete: (O.advance(id, to: .completed), "mes")
        case .ship: (O.ship(id, reference: "DN-1", ("10", "5"), ("20", "2.5")), "wms")
        case .hold: (O.hold(id), "erp")
        case .releaseHold: (O.releaseHold(id), "erp")
        case .cancel: (O.cancel(id), "erp")
        case .amend: (O.amend(id, version: version, priority: 90), "erp")
        case .expedite: (O.expedite(id), "erp")
        }
    }

    /// A book with one order (P1-O1) in the start state.
    static func book(at start: Start) throws -> OrderHarness {
        var h = OrderHarness()
        let id = try h.submit()
        let forward: [Oms_V1_OrderState] = [.received, .approved, .planned, .released, .inProduction, .completed]
        let target = start.heldIn ?? (start == .shipped ? .completed : start == .cancelled ? .received : start.state)
        for state in forward.prefix(while: { $0 != target }) {
            switch state {
            case .received: try h.run(O.approve(id))
            case .approved: try h.run(O.advance(id, to: .planned))
            case .planned: try h.run(O.advance(id, to: .released))
            case .released: try h.run(O.advance(id, to: .inProduction))
            default: try h.run(O.advance(id, to: .completed))
            }
        }
        if start.heldIn != nil { try h.run(O.hold(id)) }
        if start == .shipped { try h.run(O.ship(id, reference: "DN-0", ("10", "5"), ("20", "2.5"))) }
        if start == .cancelled { try h.run(O.cancel(id)) }
        #expect(h.order(id)?.state == start.state)
        return h
    }

    @Test(arguments: Start.allCases, Action.allCases)
    func everyActionFromEveryState(start: Start, action: Action) throws {
        var h = try Self.book(at: start)
        let id = "P1-O1"
        let before = try #require(h.order(id))
        let (command, principal) = Self.command(action, id, version: before.version)

        guard let target = Self.expected(start, action) else {
            let error = try h.refused(command, as: principal, "\(action) from \(start) must be refused")
            #expect(error.code == .failedPrecondition)
            #expect(error.subject == "order \(id)")
            #expect(error.currentState == OrderLifecycle.name(start.state))
            let precondition = error.statusDetails.compactMap { detail -> Oms_V1_PreconditionFailure? in
                if case .precondition(let failure)? = detail.kind { failure } else { nil }
            }
            #expect(precondition.first?.currentState == OrderLifecycle.name(start.state))
            return
        }

        let order = try h.run(command, as: principal).order
        #expect(order.state == target)
        #expect(order.version == before.version + 1)
        #expect(h.order(id) == order)
        let history = try h.book.history(.with { $0.orderID = id })
        let entry = try #require(history.entries.last)
        #expect(history.entries.count == Int(before.version) + 1)
        #expect(entry.previousState == start.state && entry.newState == target)
        #expect(entry.version == order.version)
        let bySystem: Set<Action> = [.plan, .release, .startProduction, .complete]
        #expect(entry.actor == (bySystem.contains(action) ? "system" : principal))
        #expect(order.stateBeforeHold == (target == .held ? start.heldIn ?? start.state : .unspecified))
    }

    @Test func releaseHoldReturnsToTheStateHeldInAndClearsTheReason() throws {
        var h = try Self.book(at: .heldInPlanned)
        let held = try #require(h.order("P1-O1"))
        #expect(held.stateReason == "credit check")
        #expect(held.stateBeforeHold == .planned)
        let released = try h.run(O.releaseHold("P1-O1")).order
        #expect(released.state == .planned)
        #expect(released.stateBeforeHold == .unspecified)
        #expect(released.stateReason == "")
    }

    @Test func advanceRefusesTargetsOutsidePlanningAndTheShopFloor() throws {
        var h = try Self.book(at: .approved)
        for state in [Oms_V1_OrderState.unspecified, .received, .approved, .shipped, .held, .cancelled] {
            let error = try h.refused(O.advance("P1-O1", to: state))
            #expect(error.code == .invalidArgument && error.field == "to")
        }
        // One step at a time: APPROVED cannot jump to RELEASED.
        let error = try h.refused(O.advance("P1-O1", to: .released))
        #expect(error.code == .failedPrecondition && error.currentState == "APPROVED")
    }

    @Test func holdAndCancelNeedAReason() throws {
        var h = try Self.book(at: .received)
        for command in [O.hold("P1-O1", reason: " "), O.cancel("P1-O1", reason: "")] {
            let error = try h.refused(command)
            #expect(error.code == .invalidArgument && error.field == "reason")
        }
    }

    @Test func cancelWithAStaleVersionIsAborted() throws {
        var h = try Self.book(at: .approved)
        let error = try h.refused(O.cancel("P1-O1", version: 1))
        #expect(error.code == .aborted)
        #expect(error.errorInfo?.reason == "VERSION_CONFLICT")
        #expect(error.errorInfo?.metadata["current_version"] == "2")
        #expect(try h.run(O.cancel("P1-O1", version: 2)).order.state == .cancelled)
    }

    @Test func commandsForUnknownOrdersAreNotFound() throws {
        var h = OrderHarness()
        for command in [O.approve("P1-O9"), O.hold("P1-O9"), O.expedite("P1-O9"), O.amend("P1-O9", version: 1)] {
            let error = try h.refused(command)
            #expect(error.code == .notFound && error.field == "order_id")
            #expect(error.resource?.resourceName == "P1-O9")
        }
    }
}
