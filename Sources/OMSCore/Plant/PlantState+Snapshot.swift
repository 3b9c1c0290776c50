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
        // plant.proto: inventory = 2, orders = 3.
        parts.append(field: 2, encoded: inventory.encodedSnapshot())
        parts.append(field: 3, encoded: orders.encodedSnapshot())
        return parts.bytes
    }

    /// Restores `encodedSnapshot()`'s bytes, the inventory's large
    /// collections decoded element by element (see `InventoryState`).
    public init(encodedSnapshot bytes: [UInt8]) throws {
        // plant.proto: inventory = 2.
        let parts = try ProtobufParts.split(bytes, apart: [2])
        let head = try Oms_Journal_V1_PlantSnapshot(serializedBytes: parts.head)
        let inventory = parts.elements[2] ?? []
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
