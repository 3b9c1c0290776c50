public import OMSProto

/// A mutation of a plant's inventory: the contract's request, as received.
public enum InventoryCommand: Sendable, Equatable {
    case receive(Oms_V1_ReceiveStockRequest)
    case reserve(Oms_V1_ReserveStockRequest)
    case release(Oms_V1_ReleaseReservationRequest)
    case consume(Oms_V1_ConsumeReservationRequest)
    case adjust(Oms_V1_AdjustStockRequest)
    case expectReceipt(Oms_V1_ExpectReceiptRequest)
    case confirmReservation(Oms_V1_ConfirmReservationRequest)
    /// Step 1 of a transfer, at the source plant: ships the stock.
    case transfer(Oms_V1_TransferStockRequest)
    /// Step 2, at the destination plant (internal, not a client call): the
    /// transfer as shipped, to count as in transit until received.
    case registerInboundTransfer(Oms_Journal_V1_TransferRecord)
}

/// The answer to an `InventoryCommand`, matching its case.
public enum InventoryReply: Sendable, Equatable {
    case receive(Oms_V1_ReceiveStockResponse)
    case reserve(Oms_V1_ReserveStockResponse)
    case release(Oms_V1_ReleaseReservationResponse)
    case consume(Oms_V1_ConsumeReservationResponse)
    case adjust(Oms_V1_AdjustStockResponse)
    case expectReceipt(Oms_V1_ExpectReceiptResponse)
    case confirmReservation(Oms_V1_ConfirmReservationResponse)
    case transfer(Oms_V1_TransferStockResponse)
    case registerInboundTransfer(Oms_V1_TransferStockResponse)
}
