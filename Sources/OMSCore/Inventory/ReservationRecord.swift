public import OMSProto
public import SwiftProtobuf

/// One (item, location) of a reservation.
public struct ReservationLineRecord: Sendable, Equatable {
    public var key: StockKey
    public var unit: String
    /// Reserved originally.
    public var quantity: Quantity
    /// Issued (consumed) so far.
    public var consumed: Quantity
    /// Returned to available so far (released or expired).
    public var returned: Quantity

    /// Still held.
    public var open: Quantity {
        quantity.saturatingSubtracting(consumed).saturatingSubtracting(returned)
    }
}

/// A reservation as the state keeps it.
public struct ReservationRecord: Sendable, Equatable {
    public var id: String
    public var owner: Oms_Journal_V1_ReservationCreated.OneOf_Owner?
    public var lines: [ReservationLineRecord]
    public var status: Oms_V1_ReservationState
    public var reservedBy: String
    public var version: UInt64
    // A plant holds millions of these, each inline in a dictionary bucket:
    // the times are kept packed (16 bytes each instead of a Timestamp's 32).
    private var packedExpiresAt: PackedTime?
    private var packedCreatedAt: PackedTime
    private var packedUpdatedAt: PackedTime

    /// nil = firm.
    public var expiresAt: Google_Protobuf_Timestamp? {
        get { packedExpiresAt?.timestamp }
        set { packedExpiresAt = newValue.map(PackedTime.init) }
    }
    public var createdAt: Google_Protobuf_Timestamp {
        get { packedCreatedAt.timestamp }
        set { packedCreatedAt = PackedTime(newValue) }
    }
    public var updatedAt: Google_Protobuf_Timestamp {
        get { packedUpdatedAt.timestamp }
        set { packedUpdatedAt = PackedTime(newValue) }
    }

    /// The reservation a ReservationCreated event makes.
    init(created event: Oms_Journal_V1_ReservationCreated, at: Google_Protobuf_Timestamp, principal: String) {
        id = event.reservationID
        owner = event.owner
        lines = event.lines.map {
            ReservationLineRecord(
                key: StockKey(itemID: $0.itemID, locationID: $0.locationID),
                unit: $0.unit,
                quantity: Quantity(micros: $0.quantityMicros),
                consumed: .zero,
                returned: .zero
            )
        }
        status = .active
        packedExpiresAt = event.hasExpiresAt ? PackedTime(event.expiresAt) : nil
        reservedBy = principal
        packedCreatedAt = PackedTime(at)
        packedUpdatedAt = packedCreatedAt
        version = 1
    }

    func lineIndex(_ key: StockKey) -> Int? {
        lines.firstIndex { $0.key == key }
    }

    enum Change { case release, consume, expire }

    /// Applies a release, consumption or expiry of the given quantities.
    /// Lines the reservation does not have are ignored (never produced by decide).
    mutating func apply(_ change: Change, _ quantities: [Oms_Journal_V1_StockQuantity], at: Google_Protobuf_Timestamp) {
        for quantity in quantities {
            guard let index = lineIndex(StockKey(itemID: quantity.itemID, locationID: quantity.locationID)) else { continue }
            let amount = Quantity(micros: quantity.quantityMicros)
            switch change {
            case .consume: lines[index].consumed = lines[index].consumed.saturatingAdding(amount)
            case .release, .expire: lines[index].returned = lines[index].returned.saturatingAdding(amount)
            }
        }
        if change == .expire {
            status = .expired
        } else if lines.allSatisfy({ !$0.open.isPositive }) {
            status = lines.allSatisfy({ $0.consumed == $0.quantity }) ? .consumed : .released
        }
        updatedAt = at
        version += 1
    }

    /// The contract's view.
    func proto(plantID: String) -> Oms_V1_Reservation {
        var reservation = Oms_V1_Reservation()
        reservation.reservationID = id
        reservation.plantID = plantID
        switch owner {
        case .orderLine(let ref)?: reservation.orderLine = ref
        case .productionOrderID(let id)?: reservation.productionOrderID = id
        case .externalReference(let ref)?: reservation.externalReference = ref
        case nil: break
        }
        reservation.lines = lines.map { line in
            var out = Oms_V1_ReservationLine()
            out.itemID = line.key.itemID
            out.locationID = line.key.locationID
            out.unit = line.unit
            out.quantity = line.quantity.description
            out.quantityOpen = line.open.description
            out.quantityConsumed = line.consumed.description
            return out
        }
        reservation.state = status
        if let expiresAt { reservation.expiresAt = expiresAt }
        reservation.reservedBy = reservedBy
        reservation.createdAt = createdAt
        reservation.updatedAt = updatedAt
        reservation.version = version
        return reservation
    }
}
