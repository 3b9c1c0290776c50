import Foundation
public import OMSProto
import SwiftProtobuf

/// The whole state as one message, so recovery can start from the latest
/// snapshot and apply only the journal after it. `init(snapshot:)` of
/// `snapshot()` equals the original (tested), which is what makes a snapshot
/// interchangeable with the events it replaces.
extension InventoryState {
    /// About how many records `snapshot()` holds: its large collections.
    public var snapshotSize: Int {
        reservations.count + idempotentReserves.count + completedCommands.count + expectedReceipts.count
    }

    public func snapshot() -> Oms_Journal_V1_InventorySnapshot {
        var snapshot = snapshotHead()
        // The large collections go in dictionary order: their order carries no
        // meaning (restoring rebuilds every index), and sorting them took about
        // 6% of the daemon's CPU in a profile of write load that took a snapshot.
        snapshot.reservations = reservations.values.map(\.snapshot)
        snapshot.idempotentReserves = idempotentReserves.map(Self.snapshotEntry)
        snapshot.completedCommands = completedCommands.values.map(Self.snapshotEntry)
        return snapshot
    }

    /// `snapshot()` encoded, its large collections element by element (see
    /// `ProtobufParts`): the same message, in about half the time.
    public func encodedSnapshot() -> [UInt8] {
        var parts = ProtobufParts(snapshotHead())
        for reservation in reservations.values { parts.append(field: LargeField.reservations, reservation.snapshot) }
        for entry in idempotentReserves { parts.append(field: LargeField.idempotentReserves, Self.snapshotEntry(entry)) }
        for done in completedCommands.values {
            parts.append(field: LargeField.completedCommands, Self.snapshotEntry(done))
        }
        return parts.bytes
    }

    private static func snapshotEntry(_ entry: (key: String, value: IdempotentReserve))
        -> Oms_Journal_V1_SnapshotIdempotentReserve
    {
        var out = Oms_Journal_V1_SnapshotIdempotentReserve()
        out.key = entry.key
        out.reservationID = entry.value.reservationID
        out.principal = entry.value.principal
        out.request = entry.value.request
        return out
    }

    private static func snapshotEntry(_ done: CompletedCommand) -> Oms_Journal_V1_SnapshotCompletedCommand {
        var entry = Oms_Journal_V1_SnapshotCompletedCommand()
        entry.principal = done.principal
        entry.command = done.record
        entry.at = done.at
        return entry
    }

    /// Everything but the large collections (reservations, idempotency keys, completed commands).
    private func snapshotHead() -> Oms_Journal_V1_InventorySnapshot {
        var snapshot = Oms_Journal_V1_InventorySnapshot()
        snapshot.plantID = plantID
        if let keyRetention {
            snapshot.hasKeyRetention_p = true
            snapshot.keyRetentionSeconds = keyRetention
        }
        if let defaultHold {
            snapshot.hasDefaultHold_p = true
            snapshot.defaultHoldSeconds = defaultHold
        }
        // Collected apart and set once: appending through the message copies its list each time.
        var stockEntries: [Oms_Journal_V1_SnapshotStock] = []
        for (item, locations) in stock.sorted(by: { $0.key < $1.key }) {
            for (location, figures) in locations.sorted(by: { $0.key < $1.key }) {
                var entry = Oms_Journal_V1_SnapshotStock()
                entry.itemID = item
                entry.locationID = location
                entry.onHandMicros = figures.onHand.micros
                entry.reservedMicros = figures.reserved.micros
                stockEntries.append(entry)
            }
        }
        snapshot.stock = stockEntries
        snapshot.itemUnits = itemUnits
        snapshot.expiring = expiring.ids.sorted()
        snapshot.reservationCount = reservationCount
        snapshot.movementCount = movementCount
        snapshot.expectedReceipts = expectedReceipts.values.sorted { $0.expectedReceiptID < $1.expectedReceiptID }
        snapshot.outboundTransfers = outboundTransfers.values.sorted { $0.transferID < $1.transferID }
        snapshot.inboundTransfers = inboundTransfers.values.sorted { $0.transferID < $1.transferID }
        snapshot.transferCount = transferCount
        return snapshot
    }
}

extension ReservationRecord {
    var snapshot: Oms_Journal_V1_SnapshotReservation {
        var out = Oms_Journal_V1_SnapshotReservation()
        out.reservationID = id
        switch owner {
        case .orderLine(let reference)?: out.orderLine = reference
        case .productionOrderID(let order)?: out.productionOrderID = order
        case .externalReference(let reference)?: out.externalReference = reference
        case nil: break
        }
        out.lines = lines.map { line in
            var entry = Oms_Journal_V1_SnapshotReservationLine()
            entry.itemID = line.key.itemID
            entry.locationID = line.key.locationID
            entry.unit = line.unit
            entry.quantityMicros = line.quantity.micros
            entry.consumedMicros = line.consumed.micros
            entry.returnedMicros = line.returned.micros
            return entry
        }
        out.status = status
        if let expiresAt { out.expiresAt = expiresAt }
        out.reservedBy = reservedBy
        out.createdAt = createdAt
        out.updatedAt = updatedAt
        out.version = version
        return out
    }

    init(snapshot entry: Oms_Journal_V1_SnapshotReservation) {
        var created = Oms_Journal_V1_ReservationCreated()
        created.reservationID = entry.reservationID
        switch entry.owner {
        case .orderLine(let reference)?: created.orderLine = reference
        case .productionOrderID(let order)?: created.productionOrderID = order
        case .externalReference(let reference)?: created.externalReference = reference
        case nil: break
        }
        if entry.hasExpiresAt { created.expiresAt = entry.expiresAt }
        self.init(created: created, at: entry.createdAt, principal: entry.reservedBy)
        lines = entry.lines.map {
            ReservationLineRecord(
                key: StockKey(itemID: $0.itemID, locationID: $0.locationID),
                unit: $0.unit,
                quantity: Quantity(micros: $0.quantityMicros),
                consumed: Quantity(micros: $0.consumedMicros),
                returned: Quantity(micros: $0.returnedMicros)
            )
        }
        status = entry.status
        updatedAt = entry.updatedAt
        version = entry.version
    }
}

/// InventorySnapshot's large collections (inventory_snapshot.proto), which
/// `encodedSnapshot()` writes and `init(encodedSnapshot:)` reads element by element.
enum LargeField {
    static let reservations = 5
    static let idempotentReserves = 6
    static let completedCommands = 12
}
