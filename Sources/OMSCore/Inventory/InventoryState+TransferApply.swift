import OMSProto
import SwiftProtobuf

/// How transfers change the state; called by `apply` only.
extension InventoryState {
    /// Shipped: on hand (and, from a reservation, reserved) leaves the source
    /// location; within the plant it arrives at once at the destination.
    mutating func applyShipped(_ shipped: Oms_Journal_V1_TransferShipped, _ event: Oms_Journal_V1_InventoryEvent) {
        let record = shipped.transfer
        transferCount &+= 1
        outboundTransfers[record.transferID] = record
        let leaving = record.lines.map { line in
            Oms_Journal_V1_StockQuantity(
                StockKey(itemID: line.itemID, locationID: record.fromLocationID), unit: line.unit,
                Quantity(micros: line.quantityMicros), movementID: line.outMovementID)
        }
        if record.reservationID.isEmpty {
            for line in leaving {
                update(Self.key(line)) { $0.onHand = $0.onHand.saturatingSubtracting(Quantity(micros: line.quantityMicros)) }
            }
        } else {
            change(record.reservationID, .consume, leaving, event)
        }
        movementCount &+= UInt64(record.lines.count)
        guard record.toPlantID == plantID else { return }
        for line in record.lines {
            let key = StockKey(itemID: line.itemID, locationID: record.toLocationID)
            update(key) { $0.onHand = $0.onHand.saturatingAdding(Quantity(micros: line.quantityMicros)) }
        }
        movementCount &+= UInt64(record.lines.count)
        inboundTransfers[record.transferID] = record
    }

    /// Registered at the destination: in transit until received (once per id).
    mutating func applyInbound(_ inbound: Oms_Journal_V1_TransferInbound) {
        let record = inbound.transfer
        guard inboundTransfers[record.transferID] == nil else { return }
        inboundTransfers[record.transferID] = record
        if !record.hasReceivedAt { inTransitTransfers.insert(record.transferID) }
    }

    /// A transfer receipt: each line raises the received quantity of its item;
    /// received in full, the transfer is RECEIVED at the receipt's time.
    mutating func applyArrival(_ received: Oms_Journal_V1_StockReceived, at: Google_Protobuf_Timestamp) {
        guard received.kind == .transfer, var transfer = inboundTransfers[received.transferID], !transfer.hasReceivedAt
        else { return }
        for line in received.lines {
            guard let index = transfer.lines.firstIndex(where: { $0.itemID == line.itemID }) else { continue }
            transfer.lines[index].receivedMicros = Quantity(micros: transfer.lines[index].receivedMicros)
                .saturatingAdding(Quantity(micros: line.quantityMicros)).micros
        }
        transfer.version += 1
        if transfer.lines.allSatisfy({ !Self.outstanding($0).isPositive }) {
            transfer.receivedAt = at
            inTransitTransfers.remove(transfer.transferID)
        }
        inboundTransfers[transfer.transferID] = transfer
    }
}
