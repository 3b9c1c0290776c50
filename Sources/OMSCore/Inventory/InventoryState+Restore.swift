public import OMSProto
import SwiftProtobuf

/// Rebuilding the state from a snapshot (`InventoryState+Snapshot` writes
/// it). Every index is rebuilt from the tables, so the order of the large
/// collections in the snapshot carries no meaning.
extension InventoryState {
    public init(snapshot: Oms_Journal_V1_InventorySnapshot) {
        self.init(
            snapshotHead: snapshot,
            reservations: Self.restoredReservations(snapshot.reservations, count: snapshot.reservationCount),
            idempotentReserves: Self.restoredIdempotentReserves(snapshot.idempotentReserves),
            completedCommands: snapshot.completedCommands)
    }

    /// Restores `encodedSnapshot()`'s bytes, decoding the large collections
    /// one element at a time as they are inserted: the decoded snapshot is
    /// never held whole. The two large tables are independent: the
    /// idempotency keys' is built on a second thread while this one builds
    /// the reservations'.
    public init(encodedSnapshot bytes: [UInt8]) throws {
        let parts = try ProtobufParts.split(
            bytes, apart: [LargeField.reservations, LargeField.idempotentReserves, LargeField.completedCommands])
        let head = try Oms_Journal_V1_InventorySnapshot(serializedBytes: parts.head)
        let keyPayloads = parts.elements[LargeField.idempotentReserves] ?? []
        let (keys, reservations) = sideBySide({
            var failure: (any Error)?
            let table = Self.restoredIdempotentReserves(
                DecodedElements<Oms_Journal_V1_SnapshotIdempotentReserve>(keyPayloads) { failure = failure ?? $0 })
            return (table: table, failure: failure)
        }) {
            var failure: (any Error)?
            let restored = Self.restoredReservations(
                DecodedElements<Oms_Journal_V1_SnapshotReservation>(parts.elements[LargeField.reservations] ?? []) {
                    failure = failure ?? $0
                },
                count: head.reservationCount)
            return (restored: restored, failure: failure)
        }
        var failure = reservations.failure ?? keys.failure
        self.init(
            snapshotHead: head, reservations: reservations.restored, idempotentReserves: keys.table,
            completedCommands: DecodedElements<Oms_Journal_V1_SnapshotCompletedCommand>(
                parts.elements[LargeField.completedCommands] ?? []
            ) { failure = failure ?? $0 })
        if let failure { throw failure }
    }

    /// A snapshot's reservations as the state keeps them.
    struct RestoredReservations: Sendable {
        var table = SegmentedTable<String, ReservationRecord>()
        var states = ReservationStateIndex()
        var byProductionOrder: [String: [String]] = [:]
        var postings = ReservationPostings()
    }

    /// `count`: the snapshot's `reservationCount`, which bounds the numbers.
    static func restoredReservations(
        _ entries: some Sequence<Oms_Journal_V1_SnapshotReservation>, count: UInt64
    ) -> RestoredReservations {
        var restored = RestoredReservations()
        // Sized once: growing a million-entry table step by step rehashes it as it goes.
        restored.table.reserveCapacity(entries.underestimatedCount)
        var productionOwned: [(lot: String, id: String)] = []
        var postings = ReservationPostings.Unordered()
        for entry in entries {
            let reservation = ReservationRecord(snapshot: entry)
            if case .productionOrderID(let lot)? = reservation.owner { productionOwned.append((lot, reservation.id)) }
            let number = number(reservation.id)
            restored.states.move(number, within: count, from: nil, to: reservation.status)
            postings.post(number, within: count, items: reservation.lines.lazy.map(\.key.itemID), owner: reservation.owner)
            restored.table[entry.reservationID] = reservation
        }
        restored.postings = postings.sorted
        // In creation order, as applying the events builds it.
        for (lot, id) in productionOwned.sorted(byKey: { number($0.id) }) {
            restored.byProductionOrder[lot, default: []].append(id)
        }
        return restored
    }

    static func restoredIdempotentReserves(
        _ entries: some Sequence<Oms_Journal_V1_SnapshotIdempotentReserve>
    ) -> SegmentedTable<String, IdempotentReserve> {
        var table = SegmentedTable<String, IdempotentReserve>()
        table.reserveCapacity(entries.underestimatedCount)
        for entry in entries {
            table[entry.key] = IdempotentReserve(
                reservationID: entry.reservationID, principal: entry.principal, request: entry.request)
        }
        return table
    }

    /// The snapshot `head` with its large collections given apart (the
    /// head's own are ignored).
    init(
        snapshotHead snapshot: Oms_Journal_V1_InventorySnapshot,
        reservations restored: RestoredReservations,
        idempotentReserves: SegmentedTable<String, IdempotentReserve>,
        completedCommands completedEntries: some Sequence<Oms_Journal_V1_SnapshotCompletedCommand>
    ) {
        self.init(plantID: snapshot.plantID, defaultHold: snapshot.hasDefaultHold_p ? snapshot.defaultHoldSeconds : nil)
        for entry in snapshot.stock {
            stock[entry.itemID, default: [:]][entry.locationID] = StockFigures(
                onHand: Quantity(micros: entry.onHandMicros),
                reserved: Quantity(micros: entry.reservedMicros)
            )
        }
        itemUnits = snapshot.itemUnits
        reservations = restored.table
        reservationStates = restored.states
        reservationPostings = restored.postings
        reservationsByProductionOrder = restored.byProductionOrder
        reservationCount = snapshot.reservationCount
        self.idempotentReserves = idempotentReserves
        for id in snapshot.expiring {
            if let expiresAt = reservations[id]?.expiresAt { expiring.set(id, at: expiresAt) }
        }
        movementCount = snapshot.movementCount
        for receipt in snapshot.expectedReceipts { expectedReceipts[receipt.expectedReceiptID] = receipt }
        for entry in completedEntries {
            completedCommands[entry.command.idempotencyKey] = CompletedCommand(
                principal: entry.principal, record: entry.command, at: entry.at)
        }
        if snapshot.hasKeyRetention_p { keyRetention = snapshot.keyRetentionSeconds }
        keyAges = KeyAges(restoredKeyAges())
        for transfer in snapshot.outboundTransfers { outboundTransfers[transfer.transferID] = transfer }
        for transfer in snapshot.inboundTransfers {
            inboundTransfers[transfer.transferID] = transfer
            if !transfer.hasReceivedAt { inTransitTransfers.insert(transfer.transferID) }
        }
        transferCount = snapshot.transferCount
    }

    /// What `keyAges` holds, rebuilt from the tables: a Reserve key counts
    /// from its reservation's creation, another command's key from its
    /// answer, a closed reservation from its closing (its last change).
    private func restoredKeyAges() -> [KeyAges.Entry] {
        var entries: [KeyAges.Entry] = []
        entries.reserveCapacity(
            idempotentReserves.count + completedCommands.count + reservations.count - reservationStates.count(.active))
        for (key, first) in idempotentReserves {
            let created = reservations.read(first.reservationID) { $0.createdAt }
            entries.append(KeyAges.Entry(at: created ?? Google_Protobuf_Timestamp(), key: key, kind: .reserveKey))
        }
        for (key, done) in completedCommands {
            entries.append(KeyAges.Entry(at: done.at, key: key, kind: .commandKey))
        }
        let closed = Set(Oms_V1_ReservationState.allCases).subtracting([.active])
        for number in reservationStates.members(after: 0, in: closed) {
            let id = reservationID(number: number)
            if let closedAt = reservations.read(id, { $0.updatedAt }) {
                entries.append(KeyAges.Entry(at: closedAt, key: id, kind: .closedReservation))
            }
        }
        return entries
    }
}
