public import OMSProto

/// Where InventoryService/Ledger reads movements: the daemon's PostgreSQL
/// ledger (`stock_movements`). Reads may block on I/O, so they are async and
/// the implementation keeps them off the cooperative pool.
public protocol StockLedgerReader: Sendable {
    /// At most `query.limit` movements of the query's plant after
    /// `query.after`, in ledger order (sequence, then position in the event).
    func movements(_ query: StockLedgerQuery) async throws -> [StockLedgerEntry]
}

/// A movement's place in its plant's ledger: the event's journal sequence and
/// the movement's position among the event's lines.
public struct LedgerPosition: Sendable, Hashable, Comparable {
    public var sequence: UInt64
    public var position: UInt32

    public init(sequence: UInt64, position: UInt32) {
        self.sequence = sequence
        self.position = position
    }

    public static func < (lhs: LedgerPosition, rhs: LedgerPosition) -> Bool {
        (lhs.sequence, lhs.position) < (rhs.sequence, rhs.position)
    }
}

/// A validated Ledger request, as the reader needs it. Empty strings and an
/// empty `kinds` mean "any"; times are microseconds since the Unix epoch.
public struct StockLedgerQuery: Sendable, Hashable {
    public var plantID: String
    public var itemID = ""
    public var locationID = ""
    public var kinds: [Oms_V1_MovementKind] = []
    public var sinceMicros: Int64?
    public var untilMicros: Int64?
    public var reference = ""
    /// Start after this position; nil = from the oldest.
    public var after: LedgerPosition?
    public var limit: Int

    public init(plantID: String, limit: Int) {
        self.plantID = plantID
        self.limit = limit
    }
}

public struct StockLedgerEntry: Sendable {
    public var position: LedgerPosition
    public var movement: Oms_V1_StockMovement

    public init(position: LedgerPosition, movement: Oms_V1_StockMovement) {
        self.position = position
        self.movement = movement
    }
}
