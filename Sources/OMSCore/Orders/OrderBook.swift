import OMSProto

/// The business key of an order: (source_system, external_order_id).
struct OrderBusinessKey: Sendable, Hashable {
    var sourceSystem: String
    var externalOrderID: String
}

/// One plant's customer orders, owned by that plant's single writer.
///
/// Changed only by `apply` (journaled `Oms_Journal_V1_OrderEvent`s);
/// `decide` and the queries are pure reads. Rebuilt after a restart by
/// applying the journal in order onto `OrderBook(plantID:)` (or onto
/// `OrderBook(snapshot:)` and the events after it).
///
/// The book also holds the plant's production orders (`production`): the
/// lots its approved demand is pegged to, re-shaped by Split and Merge. An
/// order still moves from APPROVED to COMPLETED through
/// `OrderCommand.advance` (planning and the shop floor are to drive it), and
/// a COMPLETED order counts its whole quantity as made.
public struct OrderBook: Sendable, Equatable {
    public let plantID: String
    /// The effective priority of orders submitted with priority 0 whose
    /// customer has no priority of its own in the master data.
    /// Configuration read by `decide` only: events carry the resolved value.
    public let defaultPriority: UInt32
    /// Orders created so far (ids are "<plant>-O<n>").
    public internal(set) var orderCount: UInt64 = 0
    /// Journal sequence number of the last event applied (0 = none): what
    /// history entries and `ListOrdersResponse.as_of_sequence` report.
    public internal(set) var lastSequence: UInt64 = 0

    /// Every order, in the order they were submitted; an order's slot never changes.
    var records: [OrderRecord] = []
    /// Slots by order id and by business key. Segmented, so that growing
    /// them never stalls the plant's writer for a whole-table rehash.
    var slotsByID = SegmentedTable<String, Int>()
    var slotsByBusinessKey = SegmentedTable<OrderBusinessKey, Int>()
    var listIndexes = OrderListIndexes()
    /// The plant's production orders.
    var production = ProductionOrders()

    /// `defaultPriority` is clamped to the contract's 1 ... 100.
    public init(plantID: String, defaultPriority: UInt32 = 50) {
        self.plantID = plantID
        self.defaultPriority = min(max(defaultPriority, 1), 100)
    }

    /// How many orders the book holds.
    public var count: Int { records.count }

    func record(_ orderID: String) -> OrderRecord? {
        slotsByID[orderID].map { records[$0] }
    }

    func nextOrderID() -> String {
        "\(plantID)-O\(orderCount + 1)"
    }

    /// The priority in force for a submitted one: the order's own, else its
    /// customer's (master data), else the book's default.
    func effectivePriority(_ priority: UInt32, customerID: String = "", masterData: Catalog? = nil) -> UInt32 {
        if priority != 0 { return priority }
        if let customer = masterData?.customer(id: customerID), customer.priority != 0 {
            return min(customer.priority, 100)
        }
        return defaultPriority
    }
}
