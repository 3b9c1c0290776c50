public import Foundation
public import OMSProto

/// An idempotency key's first Reserve, to answer retries.
public struct IdempotentReserve: Sendable, Equatable {
    public var reservationID: String
    public var principal: String
    /// The serialized `Oms_V1_ReserveStockRequest`: parsed only when a retry
    /// comes, which is rare, so replay and memory carry bytes.
    public var request: Data
}

/// One plant's inventory, owned by that plant's single writer.
///
/// Changed only by `apply` (events); `decide` and the queries are pure reads.
/// Rebuilt after a restart by applying the journaled events in order onto
/// `InventoryState(plantID:)` with the same `defaultHold`.
public struct InventoryState: Sendable, Equatable {
    public let plantID: String
    /// Hold time of a Reserve without expires_at and not firm; nil = never expires.
    /// Configuration read by `decide` only (the resolved expiry is in the event).
    public internal(set) var defaultHold: TimeInterval?

    /// item -> location -> figures.
    public internal(set) var stock: [String: [String: StockFigures]] = [:]
    /// Items known to the plant (received at least once) -> their unit
    /// ("" until a line names one).
    public internal(set) var itemUnits: [String: String] = [:]
    /// By id; segmented, so that growing it never moves millions at once.
    public internal(set) var reservations = SegmentedTable<String, ReservationRecord>()
    /// Reserve idempotency keys -> the reservation they made.
    public internal(set) var idempotentReserves = SegmentedTable<String, IdempotentReserve>()
    /// ACTIVE reservations that have an expiry (what `expire(now:)` scans).
    public internal(set) var expiring = ExpiryIndex()
    /// Reservations created so far (ids are "<plant>-R<n>").
    public internal(set) var reservationCount: UInt64 = 0
    /// Reservation numbers by state (what ListReservations walks). Derived
    /// from `reservations`.
    public internal(set) var reservationStates = ReservationStateIndex()
    /// Reservation numbers by item and owner (what a filtered
    /// ListReservations walks). Derived from `reservations`.
    public internal(set) var reservationPostings = ReservationPostings()
    /// Movements booked so far (ids are "<plant>-M<n>").
    public internal(set) var movementCount: UInt64 = 0
    /// Expected receipts still open (quantity > 0), by id.
    public internal(set) var expectedReceipts: [String: Oms_Journal_V1_ReceiptExpected] = [:]
    /// Production order -> its reservations, oldest first (what covers the
    /// lot's components; see ADR 0010). Derived from `reservations`.
    public internal(set) var reservationsByProductionOrder: [String: [String]] = [:]
    /// How long idempotency keys are kept after their first use, and closed
    /// reservations after their closing; nil = forever. Configuration like
    /// `defaultHold`, but `apply` reads it: an event drops what began to count
    /// more than this before its time.
    public internal(set) var keyRetention: TimeInterval?
    /// The keys of `idempotentReserves` and `completedCommands`, and the
    /// closed reservations, oldest first.
    public internal(set) var keyAges = KeyAges()
    /// Keyed commands answered so far (all but Reserve), by idempotency key.
    public internal(set) var completedCommands: [String: CompletedCommand] = [:]
    /// Transfers this plant shipped, by id (also those between its own locations).
    public internal(set) var outboundTransfers: [String: Oms_Journal_V1_TransferRecord] = [:]
    /// Transfers shipped to this plant, by id, with what has arrived.
    public internal(set) var inboundTransfers: [String: Oms_Journal_V1_TransferRecord] = [:]
    /// Inbound transfers not yet received in full (what in_transit and ATP scan).
    public internal(set) var inTransitTransfers: Set<String> = []
    /// Transfers shipped so far (ids are "<plant>-T<n>").
    public internal(set) var transferCount: UInt64 = 0

    public init(plantID: String, defaultHold: TimeInterval? = nil) {
        self.plantID = plantID
        self.defaultHold = defaultHold
    }

    /// Figures of one item at one location (zero when never stocked there).
    public func figures(_ key: StockKey) -> StockFigures {
        stock[key.itemID]?[key.locationID] ?? .zero
    }

    /// Figures of an item summed over every location.
    public func totalFigures(itemID: String) -> StockFigures {
        var total = StockFigures.zero
        for figures in (stock[itemID] ?? [:]).values {
            total.onHand = total.onHand.saturatingAdding(figures.onHand)
            total.reserved = total.reserved.saturatingAdding(figures.reserved)
        }
        return total
    }

    mutating func update(_ key: StockKey, _ change: (inout StockFigures) -> Void) {
        var figures = stock[key.itemID]?[key.locationID] ?? .zero
        change(&figures)
        stock[key.itemID, default: [:]][key.locationID] = figures
    }

    func nextReservationID() -> String {
        reservationID(number: reservationCount + 1)
    }

    /// Reservation n of this plant: the one place ids are made from numbers
    /// (`number(_:)` reads them back).
    func reservationID(number: UInt64) -> String {
        "\(plantID)-R\(number)"
    }

    func nextTransferID() -> String {
        "\(plantID)-T\(transferCount + 1)"
    }

    func movementID(offset: Int) -> String {
        "\(plantID)-M\(movementCount + UInt64(offset) + 1)"
    }
}
