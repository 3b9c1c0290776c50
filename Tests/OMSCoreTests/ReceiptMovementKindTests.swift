import OMSCore
import OMSProto
import Testing

/// The movements a Receive replies with are the kinds the ledger books them as.
@Suite struct ReceiptMovementKindTests {
    @Test(arguments: [
        (Oms_V1_ReceiptKind.purchase, Oms_V1_MovementKind.receipt), (.production, .receipt), (.return, .receipt),
        (.other, .receipt), (.unspecified, .receipt), (.transfer, .transferIn),
    ])
    func receiptKindGivesMovementKind(_ receipt: Oms_V1_ReceiptKind, _ movement: Oms_V1_MovementKind) throws {
        var h = Harness()
        if receipt == .transfer {
            // A transfer from P0 that this plant has in transit.
            var transfer = Oms_Journal_V1_TransferRecord()
            transfer.transferID = "P0-T1"
            transfer.fromPlantID = "P0"
            transfer.toPlantID = Harness.plant
            transfer.lines = [("bolt", 2), ("nut", 1)].map { item, units in
                var line = Oms_Journal_V1_TransferQuantity()
                line.itemID = item
                line.quantityMicros = Int64(units) * 1_000_000
                line.outMovementID = "P0-M\(units)"
                return line
            }
            try h.run(.registerInboundTransfer(transfer), as: "system")
        }
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = Harness.plant
        request.lines = [Harness.line("bolt", "2"), Harness.line("nut", "1")]
        request.kind = receipt
        request.transferID = receipt == .transfer ? "P0-T1" : ""
        guard case .receive(let response) = try h.run(.receive(request)) else {
            Issue.record("not a Receive reply")
            return
        }
        #expect(response.movements.map(\.kind) == [movement, movement])
    }
}
