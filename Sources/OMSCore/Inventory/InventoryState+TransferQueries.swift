public import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// The contract's view of a transfer this plant knows: its inbound record
    /// (what has arrived) when it is the destination, else its outbound one.
    public func transfer(id: String) -> Oms_V1_Transfer? {
        (inboundTransfers[id] ?? outboundTransfers[id]).map(Self.transferView)
    }

    /// Whether this plant, as destination, has registered the transfer.
    public func knowsInboundTransfer(_ id: String) -> Bool {
        inboundTransfers[id] != nil
    }

    /// Transfers this plant shipped to other plants, oldest first: what the
    /// outbox offers their destinations (registering is idempotent).
    public func transfersShippedElsewhere() -> [Oms_Journal_V1_TransferRecord] {
        outboundTransfers.values.filter { $0.toPlantID != plantID }
            .sorted(byKey: { Self.transferNumber($0.transferID) })
    }

    /// The outbound record as shipped (step 2 sends it to the destination).
    public func shippedTransfer(id: String) -> Oms_Journal_V1_TransferRecord? {
        outboundTransfers[id]
    }

    /// n of "<plant>-T<n>"; 0 when the id is not of that form.
    public static func transferNumber(_ transferID: String) -> UInt64 {
        PlantScopedID.number(transferID, marker: "-T")
    }

    /// In transit to this plant: what inbound transfers still have outstanding
    /// of the item, at the key's location (every location when it has none).
    func inTransit(_ key: StockKey) -> Quantity {
        var total = Quantity.zero
        forEachInTransit(key) { quantity, _ in total = total.saturatingAdding(quantity) }
        return total
    }

    /// Each outstanding quantity of the item in transit to the key's location,
    /// with the transfer's expected arrival (nil = unknown).
    func forEachInTransit(_ key: StockKey, _ body: (Quantity, Google_Protobuf_Timestamp?) -> Void) {
        for id in inTransitTransfers {
            guard let transfer = inboundTransfers[id],
                key.locationID.isEmpty || transfer.toLocationID == key.locationID
            else { continue }
            for line in transfer.lines where line.itemID == key.itemID {
                let outstanding = Self.outstanding(line)
                if outstanding.isPositive { body(outstanding, transfer.hasExpectedArrival ? transfer.expectedArrival : nil) }
            }
        }
    }

    /// The item's unit here, or (never received yet) the unit it is in transit in.
    func displayUnit(_ itemID: String) -> String {
        if let unit = itemUnits[itemID], !unit.isEmpty { return unit }
        for id in inTransitTransfers.sorted() {
            if let line = inboundTransfers[id]?.lines.first(where: { $0.itemID == itemID }) { return line.unit }
        }
        return itemUnits[itemID] ?? ""
    }
}
