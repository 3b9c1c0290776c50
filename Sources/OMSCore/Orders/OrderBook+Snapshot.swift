public import OMSProto

/// The whole book as one message, so recovery can start from the latest
/// snapshot and apply only the journal after it. `init(snapshot:)` of
/// `snapshot()` equals the original (tested): a snapshot is interchangeable
/// with the events it replaces. Indexes are rebuilt, not stored.
extension OrderBook {
    /// About how many records `snapshot()` holds: orders and production orders.
    public var snapshotSize: Int { records.count + production.records.count }

    public func snapshot() -> Oms_Journal_V1_OrderBookSnapshot {
        var snapshot = Oms_Journal_V1_OrderBookSnapshot()
        snapshot.plantID = plantID
        snapshot.defaultPriority = defaultPriority
        snapshot.orderCount = orderCount
        snapshot.lastSequence = lastSequence
        snapshot.orders = records.map(\.snapshot)
        snapshot.productionOrderCount = production.count
        snapshot.productionOrders = production.records
        return snapshot
    }

    /// `snapshot()` encoded, its orders element by element (see `ProtobufParts`).
    public func encodedSnapshot() -> [UInt8] {
        var head = snapshot()
        let orders = head.orders
        head.orders = []
        var parts = ProtobufParts(head)
        // orders.proto: OrderBookSnapshot.orders = 5.
        for order in orders { parts.append(field: 5, order) }
        return parts.bytes
    }

    public init(snapshot: Oms_Journal_V1_OrderBookSnapshot) {
        self.init(plantID: snapshot.plantID, defaultPriority: snapshot.defaultPriority)
        orderCount = snapshot.orderCount
        lastSequence = snapshot.lastSequence
        records = snapshot.orders.map(OrderRecord.init(snapshot:))
        for (slot, order) in records.enumerated() {
            slotsByID[order.id] = slot
            slotsByBusinessKey[order.businessKey] = slot
        }
        production = ProductionOrders(count: snapshot.productionOrderCount, records: snapshot.productionOrders)
        listIndexes = OrderListIndexes(records.enumerated().map { slot, order in
            (order.listKey(slot: slot), order.state, order.content.customerID)
        })
    }
}

extension OrderRecord {
    var snapshot: Oms_Journal_V1_SnapshotOrder {
        var out = Oms_Journal_V1_SnapshotOrder()
        out.order = submission
        out.expedited = expedited
        out.state = state
        out.stateBeforeHold = stateBeforeHold
        out.stateReason = stateReason
        out.version = version
        out.receivedAt = receivedAt
        out.updatedAt = updatedAt
        out.shipments = shipments.map { shipment in
            var entry = Oms_Journal_V1_SnapshotShipment()
            entry.shipmentReference = shipment.reference
            entry.lines = shipment.lines.sorted { $0.key < $1.key }.map { lineID, quantity in
                var line = Oms_Journal_V1_ShippedQuantity()
                line.lineID = lineID
                line.quantityMicros = quantity.micros
                return line
            }
            return entry
        }
        out.history = history
        return out
    }

    init(snapshot entry: Oms_Journal_V1_SnapshotOrder) {
        self.init(submitted: entry.order, receivedAt: entry.receivedAt)
        expedited = entry.expedited
        state = entry.state
        stateBeforeHold = entry.stateBeforeHold
        stateReason = entry.stateReason
        version = entry.version
        updatedAt = entry.updatedAt
        shipments = entry.shipments.map { ShipmentRecord(reference: $0.shipmentReference, quantities: $0.lines) }
        history = entry.history
    }
}
