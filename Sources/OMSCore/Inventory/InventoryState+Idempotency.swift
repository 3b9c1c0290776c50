public import OMSProto
import Foundation
public import SwiftProtobuf

/// A keyed command's first answer, kept so a retry gets it again.
public struct CompletedCommand: Sendable, Equatable {
    public var principal: String
    public var record: Oms_Journal_V1_CompletedCommand
    /// When it was journaled: retention counts from here.
    public var at: Google_Protobuf_Timestamp
}

/// Idempotency for every inventory mutation but Reserve (which keeps its own,
/// comparing requests field by field): a command sent with an idempotency key
/// records its request and reply on its last event; the same key with the
/// same request (byte for byte) and principal is answered with that reply and
/// changes nothing; with another request or principal it is ALREADY_EXISTS.
/// A command that changed nothing records nothing (repeating it changes
/// nothing either).
extension InventoryState {
    func decideOnce(
        _ command: InventoryCommand, context: CommandContext,
        _ decide: () throws(DomainError) -> ([Oms_Journal_V1_InventoryEvent], InventoryReply)
    ) throws(DomainError) -> ([Oms_Journal_V1_InventoryEvent], InventoryReply) {
        let key = context.idempotencyKey
        guard !key.isEmpty, let (method, request) = Self.keyed(command) else { return try decide() }
        if let done = completedCommands[key] {
            guard done.principal == context.principal, done.record.method == method, done.record.request == request
            else {
                throw DomainError(
                    .alreadyExists,
                    "idempotency key \(key) was already used for another \(done.record.method) request"
                        + (done.principal == context.principal ? "" : " by another principal"),
                    field: "idempotency_key")
            }
            guard let reply = Self.reply(method: method, bytes: done.record.reply) else {
                throw DomainError(.aborted, "the recorded reply of idempotency key \(key) cannot be read")
            }
            return ([], reply)
        }
        var (events, reply) = try decide()
        guard !events.isEmpty, let replyBytes = Self.bytes(of: reply) else { return (events, reply) }
        var completed = Oms_Journal_V1_CompletedCommand()
        completed.idempotencyKey = key
        completed.method = method
        completed.request = request
        completed.reply = replyBytes
        events[events.count - 1].completed = completed
        return (events, reply)
    }

    /// The method name and request bytes of a command that takes a generic key.
    static func keyed(_ command: InventoryCommand) -> (String, Data)? {
        func bytes(_ message: some Message) -> Data? { try? message.serializedData() }
        switch command {
        case .reserve: return nil
        case .receive(let request): return bytes(request).map { ("Receive", $0) }
        case .release(let request): return bytes(request).map { ("Release", $0) }
        case .consume(let request): return bytes(request).map { ("Consume", $0) }
        case .adjust(let request): return bytes(request).map { ("Adjust", $0) }
        case .expectReceipt(let request): return bytes(request).map { ("ExpectReceipt", $0) }
        case .confirmReservation(let request): return bytes(request).map { ("ConfirmReservation", $0) }
        case .transfer(let request): return bytes(request).map { ("Transfer", $0) }
        // Internal, idempotent by transfer id.
        case .registerInboundTransfer: return nil
        }
    }

    static func bytes(of reply: InventoryReply) -> Data? {
        switch reply {
        case .receive(let response): try? response.serializedData()
        case .reserve(let response): try? response.serializedData()
        case .release(let response): try? response.serializedData()
        case .consume(let response): try? response.serializedData()
        case .adjust(let response): try? response.serializedData()
        case .expectReceipt(let response): try? response.serializedData()
        case .confirmReservation(let response): try? response.serializedData()
        case .transfer(let response): try? response.serializedData()
        case .registerInboundTransfer(let response): try? response.serializedData()
        }
    }

    static func reply(method: String, bytes: Data) -> InventoryReply? {
        switch method {
        case "Receive": (try? Oms_V1_ReceiveStockResponse(serializedBytes: bytes)).map(InventoryReply.receive)
        case "Release": (try? Oms_V1_ReleaseReservationResponse(serializedBytes: bytes)).map(InventoryReply.release)
        case "Consume": (try? Oms_V1_ConsumeReservationResponse(serializedBytes: bytes)).map(InventoryReply.consume)
        case "Adjust": (try? Oms_V1_AdjustStockResponse(serializedBytes: bytes)).map(InventoryReply.adjust)
        case "ExpectReceipt": (try? Oms_V1_ExpectReceiptResponse(serializedBytes: bytes)).map(InventoryReply.expectReceipt)
        case "ConfirmReservation":
            (try? Oms_V1_ConfirmReservationResponse(serializedBytes: bytes)).map(InventoryReply.confirmReservation)
        case "Transfer": (try? Oms_V1_TransferStockResponse(serializedBytes: bytes)).map(InventoryReply.transfer)
        default: nil
        }
    }
}
