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
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = Harness.plant
        request.lines = [Harness.line("bolt", "2"), Harness.line("nut", "1")]
        request.kind = receipt
        request.transferID = receipt == .transfer ? "T-1" : ""
        guard case .receive(let response) = try h.run(.receive(request)) else {
            Issue.record("not a Receive reply")
            return
        }
        #expect(response.movements.map(\.kind) == [movement, movement])
    }
}
