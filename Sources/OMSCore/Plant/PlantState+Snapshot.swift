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

    public init(snapshot: Oms_Journal_V1_PlantSnapshot) {
        inventory = InventoryState(snapshot: snapshot.inventory)
        orders = OrderBook(snapshot: snapshot.orders)
        sequence = snapshot.sequence
    }
}
