import Foundation
import OMSCore
import OMSEngine
import OMSProto
import Synchronization

/// Transfers between plants, in two steps on two single writers (ADR 0009).
///
/// Step 1 ships at the source (its journal: the stock leaves, the source
/// keeps the outbound record). Step 2 registers the transfer at the
/// destination (its journal: in transit there). No transaction spans two
/// plants, so the source's outbound records are the outbox: whatever step 2
/// missed (a crash between the steps, a destination that was unavailable)
/// is sent again by `sweep`, at start-up and after a failed step 2.
/// Registering is idempotent by transfer id, so sending twice is harmless.
public final class TransferOutbox: Sendable {
    public typealias Report = @Sendable (String) -> Void

    let backend: any InventoryBackend
    /// Fault injection for tests (OMSD_FAULT_SKIP_TRANSFER_INBOUND): the
    /// Transfer call stops after step 1, as a crash right after the source's
    /// commit would. `sweep` is not affected.
    let skipsInboundStep: Bool
    let report: Report
    private let retry = Mutex(RetryState())

    struct RetryState {
        var task: Task<Void, Never>?
        /// A step 2 failed since the running retry's last sweep began.
        var again = false
        var stopped = false
    }

    public init(backend: any InventoryBackend, skipsInboundStep: Bool = false, report: @escaping Report = { _ in }) {
        self.backend = backend
        self.skipsInboundStep = skipsInboundStep
        self.report = report
    }

    /// Step 1 at `context.plantID`; once durable, step 2 at the destination.
    /// `reply` gets step 1's answer after step 2 is durable, or failed (the
    /// shipment stands and is in transit; a retry registers it later).
    func transfer(
        _ request: Oms_V1_TransferStockRequest, context: CommandContext, reply: @escaping InventoryBackend.Reply
    ) {
        let source = context.plantID
        backend.submit(plant: source, .transfer(request), context: context) { result in
            guard case .success(.transfer(let response)) = result, response.transfer.toPlantID != source,
                !self.skipsInboundStep,
                let shipped = self.backend.read(plant: source, { $0.shippedTransfer(id: response.transfer.transferID) }) ?? nil
            else { return reply(result) }
            self.register(shipped) { failure in
                if let failure { self.failed(shipped, failure) }
                reply(result)
            }
        }
    }

    /// Step 2 for every transfer shipped to another plant that its
    /// destination does not know yet, all at once; returns once each is
    /// durable or failed, with the number that failed in a way a retry may
    /// cure (refusals are logged and left for the next start).
    @discardableResult
    public func sweep() async -> Int {
        var pending: [Oms_Journal_V1_TransferRecord] = []
        for plant in backend.plants {
            for shipped in backend.read(plant: plant, { $0.transfersShippedElsewhere() }) ?? [] {
                let known = backend.read(plant: shipped.toPlantID) { $0.knowsInboundTransfer(shipped.transferID) }
                if known != true { pending.append(shipped) }
            }
        }
        guard !pending.isEmpty else { return 0 }
        let failures = await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            let outstanding = Mutex((count: pending.count, failed: 0))
            for shipped in pending {
                register(shipped) { failure in
                    if let failure { self.report("transfer \(shipped.transferID) to plant \(shipped.toPlantID): \(failure)") }
                    // A refusal is the destination's decision: retrying the same command changes nothing,
                    // so only failures that may pass (unavailable, overloaded) keep the retry going.
                    // Refused transfers stay in the outbox and are tried again at the next start.
                    let retryable: Bool
                    if case .rejected? = failure { retryable = false } else { retryable = failure != nil }
                    let finished = outstanding.withLock { state -> Int? in
                        state.count -= 1
                        if retryable { state.failed += 1 }
                        return state.count == 0 ? state.failed : nil
                    }
                    if let finished { continuation.resume(returning: finished) }
                }
            }
        }
        report("transfer outbox: registered \(pending.count - failures) of \(pending.count) transfers at their destination")
        return failures
    }

    /// Sweeps again after a failed step 2, backing off from 1 s to 60 s,
    /// until a sweep registers everything.
    public func scheduleRetry() {
        retry.withLock { state in
            guard !state.stopped else { return }
            state.again = true
            guard state.task == nil else { return }
            state.task = Task { await self.retryUntilDelivered() }
        }
    }

    /// Stops retrying (shutdown); what is pending stays in the outbox for the next start.
    public func stop() {
        retry.withLock { state in
            state.stopped = true
            state.task?.cancel()
            state.task = nil
        }
    }

    private func retryUntilDelivered() async {
        var delay = Duration.seconds(1)
        while true {
            try? await Task.sleep(for: delay)
            if Task.isCancelled { return }
            retry.withLock { $0.again = false }
            let failures = await sweep()
            let done = retry.withLock { state -> Bool in
                guard failures == 0 && !state.again else { return false }
                state.task = nil
                return true
            }
            if done { return }
            delay = min(delay * 2, .seconds(60))
        }
    }

    private func failed(_ shipped: Oms_Journal_V1_TransferRecord, _ failure: ShardFailure<DomainError>) {
        report("transfer \(shipped.transferID) shipped; registering it at plant \(shipped.toPlantID) failed (\(failure)): retrying")
        scheduleRetry()
    }

    /// Step 2 of one transfer; `done(nil)` once durable at the destination.
    private func register(
        _ shipped: Oms_Journal_V1_TransferRecord, done: @escaping @Sendable (ShardFailure<DomainError>?) -> Void
    ) {
        // Automatic, like expiry: the destination journals it as "system".
        let context = CommandContext(now: Date(), principal: "system", plantID: shipped.toPlantID)
        backend.submit(plant: shipped.toPlantID, .registerInboundTransfer(shipped), context: context) { result in
            switch result {
            case .success: done(nil)
            case .failure(let failure): done(failure)
            }
        }
    }
}
