public import OMSProto

extension PlantState {
    /// About how many records `snapshot()` holds (its large repeated fields).
    public var snapshotSize: Int { inventory.snapshotSize + orders.snapshotSize }

    public func snapshot() -> Oms_Journal_V1_PlantSnapshot {
        var snapshot = Oms_Journal_V1_PlantSnapshot()
        snapshot.sequence = sequence
        snapshot.inventory = inventory.snapshot()
        snapshot.orders = orders.snapshot()
        return snapshot
    }

    /// `snapshot()` encoded in parts (see `ProtobufParts`): its inventory and
    /// orders each encoded once, not sized again for this wrapper.
    public func encodedSnapshot() -> [UInt8] {
        var head = Oms_Journal_V1_PlantSnapshot()
        head.sequence = sequence
        var parts = ProtobufParts(head)
        parts.append(field: PlantSnapshotField.inventory, encoded: inventory.encodedSnapshot())
        parts.append(field: PlantSnapshotField.orders, encoded: orders.encodedSnapshot())
        return parts.bytes
    }

    /// Restores `encodedSnapshot()`'s bytes, the inventory's large
    /// collections decoded element by element (see `InventoryState`).
    public init(encodedSnapshot bytes: [UInt8]) throws {
        let parts = try ProtobufParts.split(bytes, apart: [PlantSnapshotField.inventory])
        let head = try Oms_Journal_V1_PlantSnapshot(serializedBytes: parts.head)
        let inventory = parts.elements[PlantSnapshotField.inventory] ?? []
        guard inventory.count <= 1 else {
            // A message field written twice is merged: swift-protobuf's whole decoder does that.
            self = PlantState(snapshot: try Oms_Journal_V1_PlantSnapshot(serializedBytes: bytes))
            return
        }
        self.inventory = try InventoryState(encodedSnapshot: inventory.first.map { Array($0) } ?? [])
        orders = OrderBook(snapshot: head.orders)
        sequence = head.sequence
    }

    public init(snapshot: Oms_Journal_V1_PlantSnapshot) {
        inventory = InventoryState(snapshot: snapshot.inventory)
        orders = OrderBook(snapshot: snapshot.orders)
        sequence = snapshot.sequence
    }
}

/// PlantSnapshot's parts (plant.proto), written and read in parts.
private enum PlantSnapshotField {
    static let inventory = 2
    static let orders = 3
}
