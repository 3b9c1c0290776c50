public import OMSProto
import Foundation
import SwiftProtobuf

extension InventoryState {
    /// Applies one journaled event. Deterministic and total: it reads nothing
    /// but the state and the event (ids, times, quantities are all in the
    /// event), never traps (sums saturate), and ignores what it cannot place
    /// (a release of an unknown reservation, an event without a body), which
    /// `decide` never produces.
    public mutating func apply(_ event: Oms_Journal_V1_InventoryEvent) {
        defer { forgetPastRetention(now: event.at) }
        if event.hasCompleted {
            completedCommands[event.completed.idempotencyKey] = CompletedCommand(
                principal: event.principal, record: event.completed, at: event.at)
            keyAges.append(event.completed.idempotencyKey, at: event.at, kind: .commandKey)
        }
        switch event.event {
        case .stockReceived(let received)?:
            for line in received.lines {
                if (itemUnits[line.itemID] ?? "").isEmpty { itemUnits[line.itemID] = line.unit }
                update(Self.key(line)) { $0.onHand = $0.onHand.saturatingAdding(Quantity(micros: line.quantityMicros)) }
            }
            movementCount &+= UInt64(received.lines.count)
            if var receipt = expectedReceipts[received.expectedReceiptID] {
                let arrived = received.lines.filter { $0.itemID == receipt.itemID }
                    .reduce(Quantity.zero) { $0.saturatingAdding(Quantity(micros: $1.quantityMicros)) }
                receipt.quantityOpenMicros = Quantity(micros: receipt.quantityOpenMicros).saturatingSubtracting(arrived).micros
                expectedReceipts[receipt.expectedReceiptID] = receipt.quantityOpenMicros > 0 ? receipt : nil
            }
            applyArrival(received, at: event.at)

        case .reservationCreated(let created)?:
            reservationCount &+= 1
            let reservation = ReservationRecord(created: created, at: event.at, principal: event.principal)
            reservations[created.reservationID] = reservation
            index(reservation)
            for line in created.lines {
                update(Self.key(line)) { $0.reserved = $0.reserved.saturatingAdding(Quantity(micros: line.quantityMicros)) }
            }
            if let expiresAt = reservation.expiresAt { expiring.set(reservation.id, at: expiresAt) }
            if case .productionOrderID(let lot)? = created.owner {
                reservationsByProductionOrder[lot, default: []].append(created.reservationID)
            }
            if !created.idempotencyKey.isEmpty {
                idempotentReserves[created.idempotencyKey] = IdempotentReserve(
                    reservationID: created.reservationID, principal: event.principal, request: created.request)
                keyAges.append(created.idempotencyKey, at: event.at, kind: .reserveKey)
            }

        case .reservationReleased(let released)?:
            change(released.reservationID, .release, released.lines, event)

        case .reservationConsumed(let consumed)?:
            change(consumed.reservationID, .consume, consumed.lines, event)
            movementCount &+= UInt64(consumed.lines.count)

        case .reservationExpired(let expired)?:
            change(expired.reservationID, .expire, expired.lines, event)

        case .stockAdjusted(let adjusted)?:
            let key = StockKey(itemID: adjusted.itemID, locationID: adjusted.locationID)
            update(key) { $0.onHand = $0.onHand.saturatingAdding(Quantity(micros: adjusted.deltaMicros)) }
            movementCount &+= 1

        case .receiptExpected(let receipt)?:
            expectedReceipts[receipt.expectedReceiptID] = receipt.quantityOpenMicros > 0 ? receipt : nil

        case .reservationConfirmed(let confirmed)?:
            guard var reservation = reservations[confirmed.reservationID] else { return }
            let before = reservation.status
            reservation.confirm(confirmed, at: event.at)
            reservations[confirmed.reservationID] = reservation
            indexState(of: reservation.id, from: before, to: reservation.status)
            if let expiresAt = reservation.expiresAt, reservation.status == .active {
                expiring.set(reservation.id, at: expiresAt)
            } else {
                expiring.remove(reservation.id)
            }

        case .transferShipped(let shipped)?:
            applyShipped(shipped, event)

        case .transferInbound(let inbound)?:
            applyInbound(inbound)

        case nil:
            break
        }
    }

    mutating func change(
        _ reservationID: String, _ change: ReservationRecord.Change,
        _ lines: [Oms_Journal_V1_StockQuantity], _ event: Oms_Journal_V1_InventoryEvent
    ) {
        guard var reservation = reservations[reservationID] else { return }
        let before = reservation.status
        reservation.apply(change, lines, at: event.at)
        reservations[reservationID] = reservation
        indexState(of: reservationID, from: before, to: reservation.status)
        if before == .active && reservation.status != .active {
            expiring.remove(reservationID)
            keyAges.append(reservationID, at: event.at, kind: .closedReservation)
        }
        for line in lines where reservation.lineIndex(Self.key(line)) != nil {
            let amount = Quantity(micros: line.quantityMicros)
            update(Self.key(line)) {
                $0.reserved = $0.reserved.saturatingSubtracting(amount)
                if change == .consume { $0.onHand = $0.onHand.saturatingSubtracting(amount) }
            }
        }
    }

    /// Moves a reservation between the state sets of `reservationStates` (nil: made or forgotten).
    mutating func indexState(
        of reservationID: String, from old: Oms_V1_ReservationState?, to new: Oms_V1_ReservationState?
    ) {
        // Most changes keep the state (a partial release, a confirmation): no id to read.
        guard old != new else { return }
        reservationStates.move(Self.number(reservationID), within: reservationCount, from: old, to: new)
    }

    /// Enters a reservation just made in `reservationStates` and `reservationPostings`.
    mutating func index(_ reservation: ReservationRecord) {
        let number = Self.number(reservation.id)
        reservationStates.move(number, within: reservationCount, from: nil, to: reservation.status)
        reservationPostings.post(
            number, within: reservationCount, items: reservation.lines.lazy.map(\.key.itemID), owner: reservation.owner)
    }

    /// Takes a reservation being forgotten out of both.
    mutating func unindex(_ reservation: ReservationRecord) {
        let number = Self.number(reservation.id)
        reservationStates.move(number, within: reservationCount, from: reservation.status, to: nil)
        reservationPostings.remove(number, items: reservation.lines.lazy.map(\.key.itemID), owner: reservation.owner)
    }

    static func key(_ line: Oms_Journal_V1_StockQuantity) -> StockKey {
        StockKey(itemID: line.itemID, locationID: line.locationID)
    }
}

extension Oms_Journal_V1_StockQuantity {
    /// A journaled quantity of `key` (the inverse of `InventoryState.key`).
    init(_ key: StockKey, unit: String, _ quantity: Quantity, movementID: String = "") {
        self.init()
        itemID = key.itemID
        locationID = key.locationID
        self.unit = unit
        quantityMicros = quantity.micros
        self.movementID = movementID
    }
}

extension InventoryState {
    /// The same state keeping idempotency keys for `retention` seconds after
    /// their first use (nil = forever).
    public func withKeyRetention(_ retention: Double?) -> InventoryState {
        var state = self
        state.keyRetention = retention
        return state
    }

    /// Drops the idempotency keys first used, and the reservations closed,
    /// more than `keyRetention` before `now` (an event's time, so replay drops
    /// exactly what the writer did). A retry after that is a new request; a
    /// reservation closed that long ago lives on only in `reservation_lines`,
    /// so the state does not grow with every reservation ever made. A key
    /// goes no later than its reservation: a Reserve retry always finds it.
    mutating func forgetPastRetention(now: Google_Protobuf_Timestamp) {
        guard let keyRetention, keyAges.count > 0 else { return }
        let cutoff = Google_Protobuf_Timestamp(date: now.date.addingTimeInterval(-keyRetention))
        for entry in keyAges.removeUsed(before: cutoff) {
            switch entry.kind {
            case .reserveKey: idempotentReserves[entry.key] = nil
            case .commandKey: completedCommands[entry.key] = nil
            case .closedReservation: forgetReservation(entry.key)
            }
        }
    }

    private mutating func forgetReservation(_ id: String) {
        guard let reservation = reservations[id] else { return }
        reservations[id] = nil
        unindex(reservation)
        if case .productionOrderID(let lot)? = reservation.owner, var ids = reservationsByProductionOrder[lot] {
            ids.removeAll { $0 == id }
            reservationsByProductionOrder[lot] = ids.isEmpty ? nil : ids
        }
    }
}
