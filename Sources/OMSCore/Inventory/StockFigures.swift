/// Where stock is: an item at a location of the plant ("" = default location).
public struct StockKey: Sendable, Hashable, CustomStringConvertible {
    public var itemID: String
    public var locationID: String

    public init(itemID: String, locationID: String) {
        self.itemID = itemID
        self.locationID = locationID
    }

    public var description: String {
        locationID.isEmpty ? itemID : "\(itemID)@\(locationID)"
    }
}

/// Stock of one item at one location.
public struct StockFigures: Sendable, Equatable {
    /// Physically there: the sum of the movements.
    public var onHand: Quantity
    /// Held by open reservations. Never more than `onHand`.
    public var reserved: Quantity

    public static let zero = StockFigures(onHand: .zero, reserved: .zero)

    public init(onHand: Quantity, reserved: Quantity) {
        self.onHand = onHand
        self.reserved = reserved
    }

    /// On hand less reserved, never below zero.
    public var available: Quantity {
        let free = onHand.saturatingSubtracting(reserved)
        return free.isNegative ? .zero : free
    }
}
