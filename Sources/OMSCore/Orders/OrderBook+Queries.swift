public import Foundation
public import OMSProto
import SwiftProtobuf

extension OrderBook {
    /// States an order can be late in: not yet complete, shipped or cancelled.
    static let openStates: Set<Oms_V1_OrderState> = OrderLifecycle.holdable.union([.held])
    static let allStates: Set<Oms_V1_OrderState> = openStates.union([.completed, .shipped, .cancelled])

    /// The contract's view of an order, late as of `now`; nil when unknown.
    public func order(id: String, now: Date) -> Oms_V1_Order? {
        record(id).map { view($0, now: Google_Protobuf_Timestamp(date: now)) }
    }

    /// The order with this business key; nil when unknown.
    public func order(sourceSystem: String, externalOrderID: String, now: Date) -> Oms_V1_Order? {
        let key = OrderBusinessKey(sourceSystem: sourceSystem, externalOrderID: externalOrderID)
        return slotsByBusinessKey[key].map { view(records[$0], now: Google_Protobuf_Timestamp(date: now)) }
    }

    /// Get by order_id or by business key: INVALID_ARGUMENT without a key,
    /// NOT_FOUND for an unknown one.
    public func get(_ request: Oms_V1_GetOrderRequest, now: Date) throws(DomainError) -> Oms_V1_GetOrderResponse {
        var response = Oms_V1_GetOrderResponse()
        switch request.key {
        case .orderID(let id)?:
            if id.isEmpty { throw .invalid("order_id", "required") }
            guard let found = order(id: id, now: now) else { throw .orderNotFound(id) }
            response.order = found
        case .external(let reference)?:
            var violations = OrderViolations()
            violations.required(reference.sourceSystem, "external.source_system")
            violations.required(reference.externalOrderID, "external.external_order_id")
            try violations.throwIfAny()
            guard
                let found = order(
                    sourceSystem: reference.sourceSystem, externalOrderID: reference.externalOrderID, now: now)
            else {
                throw .orderNotFound("\(reference.sourceSystem)/\(reference.externalOrderID)", field: "external")
            }
            response.order = found
        case nil:
            throw .invalid("key", "order_id or external is required")
        }
        return response
    }

    /// List: orders matching every filter, ordered by (due_date, order_id).
    /// - states: empty = all; late_only keeps orders past due and not yet
    ///   complete as of `now`; due_from/due_to keep orders with a line due in
    ///   [due_from, due_to); plant_id other than this plant matches nothing.
    /// - page_size 0 = 100, at most 1000; page_token is the previous page's
    ///   next_page_token (a position, so it works with any filter), empty on
    ///   the last page.
    /// - as_of_sequence: this plant -> `lastSequence`.
    /// Reads only the index of the wanted states from the cursor, up to
    /// due_to (and `now` for late_only); customer, source, due_from and
    /// expedited filters are checked per order visited.
    /// It looks at no more than `budget` orders (the plant's writer waits
    /// for the read lock it runs under): out of budget, the page ends short,
    /// or empty, with a token after the last order looked at.
    public func list(
        _ request: Oms_V1_ListOrdersRequest, now: Date, budget: Int = listingBudget
    ) throws(DomainError) -> Oms_V1_ListOrdersResponse {
        var states = Self.allStates
        if !request.states.isEmpty {
            var violations = OrderViolations()
            for (index, state) in request.states.enumerated() where !Self.allStates.contains(state) {
                violations.add("states[\(index)]", "not an order state")
            }
            try violations.throwIfAny()
            states = Set(request.states)
        }
        let cursor = try OrderPageToken.listCursor(request.pageToken)
        let pageSize = OrderPageToken.pageSize(request.pageSize)
        let at = Google_Protobuf_Timestamp(date: now)
        var bound: Google_Protobuf_Timestamp? = request.hasDueTo ? request.dueTo : nil
        if request.lateOnly {
            states.formIntersection(Self.openStates)
            // Late orders are due before now: nothing from now on can match.
            bound = bound.map { OrderText.precedes($0, at) ? $0 : at } ?? at
        }

        var response = Oms_V1_ListOrdersResponse()
        response.asOfSequence = [plantID: lastSequence]
        guard request.plantID.isEmpty || request.plantID == plantID else { return response }

        var last: OrderListKey?
        var lastLooked: OrderListKey?
        var looked = 0
        let budget = max(1, budget)
        listIndexes.forEach(states: states, customer: request.customerID, after: cursor) { key in
            if let bound, !key.isDue(before: bound) { return false }
            if looked == budget {
                // Every order up to the last one looked at is answered for.
                if let lastLooked { response.nextPageToken = OrderPageToken.list(after: lastLooked) }
                return false
            }
            looked += 1
            lastLooked = key
            // A customer's keys come in every state; the index by state gives only those asked for.
            guard request.customerID.isEmpty || states.contains(records[key.slot].state), matches(key.slot, request, at)
            else { return true }
            if response.orders.count == pageSize {
                // One more match exists: this page is not the last.
                if let last { response.nextPageToken = OrderPageToken.list(after: last) }
                return false
            }
            response.orders.append(view(records[key.slot], now: at))
            last = key
            return true
        }
        return response
    }

    /// Reads the order's fields in place: copying a whole record per order
    /// visited would dominate a scan.
    private func matches(_ slot: Int, _ request: Oms_V1_ListOrdersRequest, _ now: Google_Protobuf_Timestamp) -> Bool {
        if !request.customerID.isEmpty && records[slot].content.customerID != request.customerID { return false }
        if !request.sourceSystem.isEmpty && records[slot].content.sourceSystem != request.sourceSystem { return false }
        if request.expeditedOnly && !records[slot].expedited { return false }
        if request.lateOnly && !records[slot].isLate(dueDate: records[slot].content.dueDate, now: now) { return false }
        if request.hasDueFrom || request.hasDueTo {
            let inRange = records[slot].content.lines.contains { line in
                (!request.hasDueFrom || !OrderText.precedes(line.dueDate, request.dueFrom))
                    && (!request.hasDueTo || OrderText.precedes(line.dueDate, request.dueTo))
            }
            if !inRange { return false }
        }
        return true
    }

    /// History: the order's audit trail, oldest first; page_size 0 = 100, at
    /// most 1000. NOT_FOUND for an unknown order.
    public func history(_ request: Oms_V1_OrderHistoryRequest) throws(DomainError) -> Oms_V1_OrderHistoryResponse {
        let order = try existingOrder(request.orderID)
        let offset = try OrderPageToken.historyOffset(request.pageToken)
        let start = min(offset, order.history.count)
        let end = start + min(OrderPageToken.pageSize(request.pageSize), order.history.count - start)
        var response = Oms_V1_OrderHistoryResponse()
        response.entries = Array(order.history[start..<end])
        if end < order.history.count { response.nextPageToken = OrderPageToken.history(offset: end) }
        return response
    }
}
