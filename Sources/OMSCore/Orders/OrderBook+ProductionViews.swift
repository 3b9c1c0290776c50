public import OMSProto
import SwiftProtobuf

/// The contract's views of orders with their pegs, and of production orders
/// with what their pegged orders make of them (held, expedited, priority).
extension OrderBook {
    /// The order as the contract shows it, each line with its pegs (read
    /// through `draft` while deciding).
    func view(_ record: OrderRecord, now: Google_Protobuf_Timestamp, draft: ProductionDraft? = nil) -> Oms_V1_Order {
        var order = record.proto(now: now)
        let lots = draft?.lots(peggedTo: record.id) ?? production.lots(peggedTo: record.id)
        if lots.isEmpty { return order }
        // Built apart and set once: a generated message's repeated field copies
        // itself on every change made through the message (an order of 150
        // lines and 10,000 shortages took seconds to show).
        var pegsByLine: [String: [Oms_V1_Peg]] = [:]
        for lot in lots {
            for peg in lot.pegs where peg.orderID == record.id {
                pegsByLine[peg.lineID, default: []].append(peg.proto(lot.productionOrderID))
            }
        }
        var lines = order.lines
        for index in lines.indices { lines[index].pegs = pegsByLine[lines[index].lineID] ?? [] }
        order.lines = lines
        // A short lot holds up every line it serves: each gets the lot's whole shortfall.
        var shortages: [Oms_V1_MaterialShortage] = []
        for lot in lots where !lot.shortages.isEmpty {
            for lineID in lot.pegs.filter({ $0.orderID == record.id }).map(\.lineID).uniqued() {
                for shortage in lot.shortages {
                    var entry = shortage.proto(productionOrderID: lot.productionOrderID, plantID: plantID)
                    entry.lineID = lineID
                    shortages.append(entry)
                }
            }
        }
        order.materialShortages = shortages
        return order
    }

    /// A production order as the contract shows it. Held when a pegged order
    /// is held, expedited when one is expedited, and as urgent as the most
    /// urgent of them (the default priority without pegs).
    func view(_ lot: Oms_Journal_V1_ProductionOrderRecord) -> Oms_V1_ProductionOrder {
        var out = Oms_V1_ProductionOrder()
        out.productionOrderID = lot.productionOrderID
        out.plantID = plantID
        out.itemID = lot.itemID
        out.quantity = lot.quantity.description
        out.unit = lot.unit
        out.dueDate = lot.dueDate
        out.routingID = lot.routingID
        out.routingVersion = lot.routingVersion
        out.bomID = lot.bomID
        out.bomVersion = lot.bomVersion
        out.state = lot.state
        let urgency = urgency(of: lot)
        out.held = urgency.held
        out.expedited = urgency.expedited
        out.effectivePriority = urgency.priority
        out.materialShortages = lot.shortages.map { $0.proto(productionOrderID: lot.productionOrderID, plantID: plantID) }
        out.pegs = lot.pegs.map { $0.proto(lot.productionOrderID) }
        out.quantityCompleted = "0"
        out.quantityScrapped = "0"
        out.supersededBy = lot.supersededBy
        out.derivedFrom = lot.derivedFrom
        out.version = lot.version
        out.createdAt = lot.createdAt
        out.updatedAt = lot.updatedAt
        return out
    }

    /// What a lot's pegged orders make of it: held when one is held,
    /// expedited when one is expedited, as urgent as the most urgent (the
    /// default priority without pegs).
    func urgency(of lot: Oms_Journal_V1_ProductionOrderRecord) -> (held: Bool, expedited: Bool, priority: UInt32) {
        let orders = Set(lot.pegs.map(\.orderID)).compactMap(record)
        return (
            orders.contains { $0.state == .held }, orders.contains { $0.expedited },
            orders.map(\.effectivePriority).max() ?? defaultPriority
        )
    }

    /// The production order with this id, or INVALID_ARGUMENT / NOT_FOUND.
    func existingLot(_ id: String, field: String = "production_order_id") throws(DomainError)
        -> Oms_Journal_V1_ProductionOrderRecord
    {
        if id.isEmpty { throw .invalid(field, "required") }
        guard let lot = production.record(id) else {
            throw DomainError(.notFound, "production order \(id) not found", field: field)
        }
        return lot
    }

    public func getProductionOrder(_ request: Oms_V1_GetProductionOrderRequest) throws(DomainError)
        -> Oms_V1_GetProductionOrderResponse
    {
        var response = Oms_V1_GetProductionOrderResponse()
        response.productionOrder = view(try existingLot(request.productionOrderID))
        return response
    }

    /// One page of the plant's production orders matching every filter
    /// (empty = any), ordered by (due_date, production_order_id), from the
    /// position in page_token; `more` tells whether others follow. Scans the
    /// plant's lots, or only the order's when order_id is given.
    public func listProductionOrders(_ request: Oms_V1_ListProductionOrdersRequest) throws(DomainError)
        -> (lots: [Oms_V1_ProductionOrder], more: Bool)
    {
        let after = try OrderPageToken.productionCursor(request.pageToken)
        let limit = OrderPageToken.pageSize(request.pageSize)
        if !request.plantID.isEmpty && request.plantID != plantID { return ([], false) }
        let states = Set(request.states)
        let candidates = request.orderID.isEmpty ? production.records : production.lots(peggedTo: request.orderID)
        let matching = candidates.filter { lot in
            if !request.itemID.isEmpty && lot.itemID != request.itemID { return false }
            if !states.isEmpty && !states.contains(lot.state) { return false }
            guard let after else { return true }
            return after < ProductionListPosition(lot)
        }
        .sorted { ProductionListPosition($0) < ProductionListPosition($1) }
        return (matching.prefix(limit).map(view), matching.count > limit)
    }

    /// The next_page_token that continues a production-order list after `lot`.
    public static func productionPageToken(after lot: Oms_V1_ProductionOrder) -> String {
        OrderPageToken.production(after: ProductionListPosition(due: lot.dueDate, id: lot.productionOrderID))
    }

    /// The order of ListProductionOrders: due date, then id.
    public static func productionListsBefore(_ lhs: Oms_V1_ProductionOrder, _ rhs: Oms_V1_ProductionOrder) -> Bool {
        ProductionListPosition(due: lhs.dueDate, id: lhs.productionOrderID)
            < ProductionListPosition(due: rhs.dueDate, id: rhs.productionOrderID)
    }
}

/// Where a production order sorts in a list: by due date, then id.
struct ProductionListPosition: Sendable, Comparable {
    var due: Google_Protobuf_Timestamp
    var id: String

    init(due: Google_Protobuf_Timestamp, id: String) {
        self.due = due
        self.id = id
    }

    init(_ lot: Oms_Journal_V1_ProductionOrderRecord) {
        self.init(due: lot.dueDate, id: lot.productionOrderID)
    }

    static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.due != rhs.due { return OrderText.precedes(lhs.due, rhs.due) }
        return lhs.id < rhs.id
    }
}

extension Oms_Journal_V1_PegRecord {
    func proto(_ productionOrderID: String) -> Oms_V1_Peg {
        var peg = Oms_V1_Peg()
        peg.productionOrderID = productionOrderID
        peg.orderID = orderID
        peg.lineID = lineID
        peg.quantity = Quantity(micros: quantityMicros).description
        return peg
    }
}

extension Oms_Journal_V1_MaterialShortageRecord {
    func proto(productionOrderID: String, plantID: String) -> Oms_V1_MaterialShortage {
        var out = Oms_V1_MaterialShortage()
        out.productionOrderID = productionOrderID
        out.itemID = itemID
        out.plantID = plantID
        out.quantity = Quantity(micros: missingMicros).description
        out.unit = unit
        out.neededAt = neededAt
        if hasExpectedAt { out.expectedAt = expectedAt }
        return out
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
