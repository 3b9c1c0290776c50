public import OMSProto

extension OrderBook {
    /// Applies one journaled event as the next of the book's sequence
    /// (`lastSequence + 1`): the form `ShardDomain` calls. When the journal
    /// holds only this book's events from sequence 1 (or from a snapshot of
    /// the book), that number is the journal's own, so history entries carry
    /// the journal's sequence numbers without being told.
    public mutating func apply(_ event: Oms_Journal_V1_OrderEvent) {
        apply(event, seq: Int64(clamping: lastSequence &+ 1))
    }

    /// Applies one journaled event recorded at journal sequence `seq`, which
    /// history entries report (use it when the journal also holds other
    /// events, so the book's count and the journal's differ).
    ///
    /// Deterministic and total: reads nothing but the book and the event,
    /// validates nothing, never traps, and ignores what it cannot place (an
    /// event for an unknown order, a second submission of an id), which
    /// `decide` never produces.
    public mutating func apply(_ event: Oms_Journal_V1_OrderEvent, seq: Int64) {
        let sequence = UInt64(clamping: seq)
        lastSequence = sequence
        switch event.event {
        case .orderSubmitted(let submitted)?:
            orderCount &+= 1
            guard slotsByID[submitted.orderID] == nil else { return }
            let order = OrderRecord(submitted: submitted, event: event, sequence: sequence)
            let slot = records.count
            records.append(order)
            slotsByID[order.id] = slot
            slotsByBusinessKey[order.businessKey] = slot
            listIndexes.insert(order.listKey(slot: slot), state: order.state, customer: order.content.customerID)

        case .orderAmended(let amended)?:
            update(amended.orderID, event, sequence)
        case .orderStateChanged(let changed)?:
            update(changed.orderID, event, sequence)
        case .orderExpediteChanged(let changed)?:
            update(changed.orderID, event, sequence)
        case .orderShipped(let shipped)?:
            update(shipped.orderID, event, sequence)
        case .productionOrdersChanged(let changed)?:
            for change in changed.changes {
                if change.action == .created { production.count &+= 1 }
                production.put(change.productionOrder)
            }
            if changed.orderAction != .unspecified {
                for orderID in changed.orders {
                    guard let slot = slotsByID[orderID] else { continue }
                    records[slot].notePegsMoved(event, sequence: sequence, action: changed.orderAction, reason: changed.reason)
                }
            }
        case nil:
            break
        }
    }

    private mutating func update(_ orderID: String, _ event: Oms_Journal_V1_OrderEvent, _ sequence: UInt64) {
        guard let slot = slotsByID[orderID] else { return }
        let before = (key: records[slot].listKey(slot: slot), state: records[slot].state, customer: records[slot].content.customerID)
        records[slot].apply(event, sequence: sequence)
        let after = (key: records[slot].listKey(slot: slot), state: records[slot].state, customer: records[slot].content.customerID)
        if after != before {
            listIndexes.remove(before.key, state: before.state, customer: before.customer)
            listIndexes.insert(after.key, state: after.state, customer: after.customer)
        }
    }
}

extension OrderRecord {
    var businessKey: OrderBusinessKey {
        OrderBusinessKey(sourceSystem: content.sourceSystem, externalOrderID: content.externalOrderID)
    }

    func listKey(slot: Int) -> OrderListKey {
        OrderListKey(due: content.dueDate, orderID: id, slot: slot)
    }
}
