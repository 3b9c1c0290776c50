import OMSProto
import SwiftProtobuf

/// One recorded shipment: its reference and what it shipped per line.
struct ShipmentRecord: Sendable, Equatable {
    var reference: String
    /// line_id -> quantity shipped by this shipment.
    var lines: [String: Quantity]

    init(reference: String, quantities: [Oms_Journal_V1_ShippedQuantity]) {
        self.reference = reference
        lines = [:]
        for line in quantities {
            lines[line.lineID, default: .zero] = lines[line.lineID, default: .zero]
                .saturatingAdding(Quantity(micros: line.quantityMicros))
        }
    }
}

/// One customer order as the book keeps it. Changed only through `apply`,
/// which the book calls with journaled events (and `decide` with the events
/// it is about to return, on a copy, to build its reply).
struct OrderRecord: Sendable, Equatable {
    var id: String
    var content: OrderContent
    var effectivePriority: UInt32
    var expedited = false
    var state: Oms_V1_OrderState = .received
    /// Only while HELD: the state ReleaseHold returns to.
    var stateBeforeHold: Oms_V1_OrderState = .unspecified
    var stateReason = ""
    var version: UInt64 = 1
    var receivedAt: Google_Protobuf_Timestamp
    var updatedAt: Google_Protobuf_Timestamp
    var shipments: [ShipmentRecord] = []
    /// Oldest first; one entry per event.
    var history: [Oms_V1_OrderHistoryEntry] = []

    /// A RECEIVED order at version 1 with the submission's id and content, and no history.
    init(submitted: Oms_Journal_V1_OrderSubmitted, receivedAt: Google_Protobuf_Timestamp) {
        id = submitted.orderID
        content = OrderContent(submitted)
        effectivePriority = submitted.effectivePriority
        self.receivedAt = receivedAt
        updatedAt = receivedAt
    }

    /// The order an OrderSubmitted event creates, with its first history entry.
    init(submitted: Oms_Journal_V1_OrderSubmitted, event: Oms_Journal_V1_OrderEvent, sequence: UInt64) {
        self.init(submitted: submitted, receivedAt: event.at)
        record(event, sequence: sequence, action: .submitted, from: .unspecified, reason: "", changes: [])
    }

    /// Id and content as they are now, in the form of a submission.
    var submission: Oms_Journal_V1_OrderSubmitted {
        var submitted = content.submission
        submitted.orderID = id
        submitted.effectivePriority = effectivePriority
        return submitted
    }

    /// Applies an event about this order (any kind but OrderSubmitted).
    /// Takes the resulting version and state from the event; validates nothing.
    mutating func apply(_ event: Oms_Journal_V1_OrderEvent, sequence: UInt64) {
        let before = state
        switch event.event {
        case .orderAmended(let amended)?:
            content.lines = amended.lines.map(OrderLineRecord.init)
            content.priority = amended.priority
            content.customerReference = amended.customerReference
            content.attributes = amended.attributes
            effectivePriority = amended.effectivePriority
            version = amended.version
            record(
                event, sequence: sequence, action: .amended, from: before, reason: amended.reason,
                changes: amended.changes)

        case .orderStateChanged(let changed)?:
            state = changed.newState
            stateBeforeHold = changed.newState == .held ? changed.previousState : .unspecified
            // The state's reason is the hold's or the cancellation's; other transitions clear it.
            stateReason = changed.newState == .held || changed.newState == .cancelled ? changed.reason : ""
            version = changed.version
            record(event, sequence: sequence, action: changed.action, from: before, reason: changed.reason, changes: [])

        case .orderExpediteChanged(let changed)?:
            let change = OrderText.change("expedited", String(expedited), String(changed.expedited))
            expedited = changed.expedited
            version = changed.version
            record(
                event, sequence: sequence, action: changed.expedited ? .expedited : .expediteCleared, from: before,
                reason: changed.reason, changes: [change])

        case .orderShipped(let shipped)?:
            shipments.append(ShipmentRecord(reference: shipped.shipmentReference, quantities: shipped.lines))
            state = shipped.newState
            version = shipped.version
            record(event, sequence: sequence, action: .shipped, from: before, reason: "", changes: shipped.changes)

        case .orderSubmitted?, .productionOrdersChanged?, nil:
            break
        }
    }

    /// A history entry for a Split or Merge that moved this order's pegs;
    /// the order's content, state and version stay.
    mutating func notePegsMoved(
        _ event: Oms_Journal_V1_OrderEvent, sequence: UInt64, action: Oms_V1_OrderAction, reason: String
    ) {
        record(event, sequence: sequence, action: action, from: state, reason: reason, changes: [])
    }

    private mutating func record(
        _ event: Oms_Journal_V1_OrderEvent, sequence: UInt64, action: Oms_V1_OrderAction,
        from previous: Oms_V1_OrderState, reason: String, changes: [Oms_V1_FieldChange]
    ) {
        updatedAt = event.at
        var entry = Oms_V1_OrderHistoryEntry()
        entry.sequence = sequence
        entry.time = event.at
        entry.action = action
        entry.previousState = previous
        entry.newState = state
        entry.actor = event.principal
        entry.onBehalfOf = event.onBehalfOf
        entry.reason = reason
        entry.version = version
        entry.changes = changes
        history.append(entry)
    }

    /// Shipped so far on a line, over every shipment.
    func shipped(_ lineID: String) -> Quantity {
        shipments.reduce(.zero) { total, shipment in total.saturatingAdding(shipment.lines[lineID] ?? .zero) }
    }

    func shipment(_ reference: String) -> ShipmentRecord? {
        shipments.first { $0.reference == reference }
    }

    /// Production is done. Not yet derived from production orders: a
    /// COMPLETED order counts its whole quantity as made.
    var isProduced: Bool { state == .completed || state == .shipped }

    /// Still owed to the customer and past due: not complete, shipped or cancelled.
    func isLate(dueDate: Google_Protobuf_Timestamp, now: Google_Protobuf_Timestamp) -> Bool {
        !isProduced && state != .cancelled && OrderText.precedes(dueDate, now)
    }

    /// The contract's view; lateness as of `now`.
    func proto(now: Google_Protobuf_Timestamp) -> Oms_V1_Order {
        let dueDate = content.dueDate
        var order = Oms_V1_Order()
        order.orderID = id
        order.sourceSystem = content.sourceSystem
        order.externalOrderID = content.externalOrderID
        order.channel = content.channel
        order.customerID = content.customerID
        order.plantID = content.plantID
        order.lines = content.lines.map { line in
            var out = Oms_V1_OrderLine()
            out.lineID = line.lineID
            out.itemID = line.itemID
            let quantity = line.quantity.description
            out.quantity = quantity
            out.unit = line.unit
            out.dueDate = line.dueDate
            out.plantID = line.plantID
            out.quantityReserved = "0"
            out.quantityCompleted = isProduced ? quantity : "0"
            out.quantityShipped = shipped(line.lineID).description
            out.late = isLate(dueDate: line.dueDate, now: now)
            return out
        }
        order.priority = content.priority
        order.effectivePriority = effectivePriority
        order.expedited = expedited
        order.state = state
        if state == .held { order.stateBeforeHold = stateBeforeHold }
        order.stateReason = stateReason
        order.customerReference = content.customerReference
        order.attributes = content.attributes
        order.version = version
        order.receivedAt = receivedAt
        order.updatedAt = updatedAt
        order.dueDate = dueDate
        order.late = isLate(dueDate: dueDate, now: now)
        return order
    }
}
