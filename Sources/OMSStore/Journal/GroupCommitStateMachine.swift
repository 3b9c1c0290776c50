/// The group-commit writer's policy as a pure value: events in, actions out
/// (no I/O, no clock of its own), so batching, lingering, fail-fast and
/// reconnect backoff are unit-tested without a database. The writer thread
/// owns the connection and runs the actions; producers call `submit` under
/// the same lock.
struct GroupCommitStateMachine<Unit, Instant: InstantProtocol> where Instant.Duration == Duration {
    enum Phase: Equatable {
        /// Not connected; the writer should connect when `retryAt` has passed.
        case disconnected(retryAt: Instant, attempt: Int)
        case connecting(attempt: Int)
        case ready
        case committing
        case stopped
    }

    enum SubmitAction {
        case enqueued(wakeWriter: Bool)
        case rejected(StoreError)
    }

    enum WriterAction {
        case commit([Unit])
        case connect
        case waitForWork
        case waitUntil(Instant)
        case exit
    }

    let configuration: GroupCommitConfiguration
    private(set) var phase: Phase
    private(set) var stopping = false
    private(set) var writerWaiting = false
    private var queue: [(unit: Unit, arrivedAt: Instant)] = []
    private var queueHead = 0

    init(configuration: GroupCommitConfiguration, now: Instant) {
        self.configuration = configuration
        phase = .disconnected(retryAt: now, attempt: 0)
    }

    var queuedCount: Int { queue.count - queueHead }

    // MARK: Producers

    mutating func submit(_ unit: Unit, now: Instant) -> SubmitAction {
        if stopping || phase == .stopped {
            return .rejected(StoreError(kind: .shutDown, message: "journal writer is stopping"))
        }
        switch phase {
        case .disconnected, .connecting:
            return .rejected(
                StoreError(kind: .unavailable, message: "PostgreSQL is unavailable; the journal writer is reconnecting"))
        case .ready, .committing:
            break
        case .stopped:
            preconditionFailure("handled above")
        }
        if queuedCount >= configuration.maxQueuedUnits {
            return .rejected(
                StoreError(kind: .overloaded, message: "journal queue is full (\(configuration.maxQueuedUnits) units)"))
        }
        queue.append((unit, now))
        return .enqueued(wakeWriter: writerWaiting)
    }

    /// Starts an orderly stop: queued units are still committed, new ones refused.
    /// Returns whether the writer must be woken.
    mutating func stop() -> Bool {
        stopping = true
        return writerWaiting
    }

    // MARK: The writer thread

    /// What the writer does next, now that it is free.
    mutating func nextAction(now: Instant) -> WriterAction {
        writerWaiting = false
        switch phase {
        case .stopped:
            return .exit
        case .disconnected(let retryAt, let attempt):
            if stopping {
                phase = .stopped
                return .exit
            }
            if now >= retryAt {
                phase = .connecting(attempt: attempt)
                return .connect
            }
            writerWaiting = true
            return .waitUntil(retryAt)
        case .connecting, .committing:
            preconditionFailure("nextAction while the writer is busy (\(phase))")
        case .ready:
            break
        }
        guard queuedCount > 0 else {
            if stopping {
                phase = .stopped
                return .exit
            }
            writerWaiting = true
            return .waitForWork
        }
        let oldest = queue[queueHead].arrivedAt
        let lingerDeadline = oldest.advanced(by: configuration.maxLinger)
        let enough = queuedCount >= min(configuration.minBatchUnits, configuration.maxBatchUnits)
        if !enough && !stopping && now < lingerDeadline {
            writerWaiting = true
            return .waitUntil(lingerDeadline)
        }
        phase = .committing
        return .commit(takeBatch())
    }

    mutating func connected() {
        guard case .connecting = phase else { preconditionFailure("connected() while \(phase)") }
        phase = .ready
    }

    mutating func connectFailed(now: Instant) {
        guard case .connecting(let attempt) = phase else { preconditionFailure("connectFailed() while \(phase)") }
        phase = .disconnected(retryAt: now.advanced(by: configuration.backoff(attempt: attempt)), attempt: attempt + 1)
    }

    mutating func batchCommitted() {
        precondition(phase == .committing, "batchCommitted() while \(phase)")
        phase = .ready
    }

    /// The batch failed. When the connection was lost, every queued unit fails
    /// fast too (they would otherwise wait for an unknown time) and the writer
    /// reconnects after a backoff. Returns the queued units to fail.
    mutating func batchFailed(connectionLost: Bool, now: Instant) -> [Unit] {
        precondition(phase == .committing, "batchFailed() while \(phase)")
        guard connectionLost else {
            phase = .ready
            return []
        }
        phase = .disconnected(retryAt: now.advanced(by: configuration.backoff(attempt: 0)), attempt: 1)
        return drainQueue()
    }

    private mutating func takeBatch() -> [Unit] {
        let count = min(queuedCount, configuration.maxBatchUnits)
        let batch = queue[queueHead..<(queueHead + count)].map(\.unit)
        queueHead += count
        compactIfWorthIt()
        return batch
    }

    private mutating func drainQueue() -> [Unit] {
        let units = queue[queueHead...].map(\.unit)
        queue.removeAll(keepingCapacity: true)
        queueHead = 0
        return units
    }

    /// Drops consumed slots once they are the larger part of the array.
    private mutating func compactIfWorthIt() {
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        } else if queueHead > 1024 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }
}
