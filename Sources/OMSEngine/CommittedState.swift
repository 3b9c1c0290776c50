import Foundation

/// A shard's state as of its last durable record, kept on a thread of its
/// own. The shard hands it each batch once it has committed. This thread
/// applies the batch, tells the commit observer, and hands snapshots of its
/// own copy to the sink, which encodes them elsewhere. The shard thread thus
/// pays neither for a second apply nor for the copies a snapshot causes.
/// After a failed commit, the shard takes a copy of this state to roll back
/// to.
final class CommittedState<Domain: ShardDomain>: @unchecked Sendable {
    typealias Observer = @Sendable (_ records: [JournalRecord<Domain.Event>], _ committed: Domain) -> Void
    /// Saves the state after record `seq`. Runs on this thread and must
    /// return at once: it may keep `state` (a value) and encode it elsewhere.
    typealias SnapshotSaver = @Sendable (_ seq: Int64, _ state: Domain) -> Void

    private enum Work {
        case apply([JournalRecord<Domain.Event>], snapshot: Bool)
        case copy(@Sendable (Domain) -> Void)
        case stop(@Sendable () -> Void)
    }

    private let name: String
    private let observer: Observer?
    private let saveSnapshot: SnapshotSaver
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Work] = []
    // This object's thread only.
    private var state: Domain

    init(name: String, state: Domain, observer: Observer?, saveSnapshot: @escaping SnapshotSaver) {
        self.name = name
        self.state = state
        self.observer = observer
        self.saveSnapshot = saveSnapshot
    }

    func start() {
        Thread { [self] in
            Thread.current.name = name  // from inside: see Shard.start
            run()
        }.start()
    }

    /// Records that are durable, in sequence order; with `snapshot`, the state after them is saved.
    func apply(_ records: [JournalRecord<Domain.Event>], snapshot: Bool) {
        enqueue(.apply(records, snapshot: snapshot))
    }

    /// The committed state once everything handed over before has been applied. Blocks the caller.
    func copy() -> Domain {
        let box = Box<Domain>()
        let done = DispatchSemaphore(value: 0)
        enqueue(.copy { state in
            box.value = state
            done.signal()
        })
        done.wait()
        // Set before the signal; the semaphore orders the write before this read.
        guard let copy = box.value else { preconditionFailure("committed state \(name) delivered no copy") }
        return copy
    }

    /// Applies what was handed over, then ends the thread and calls `done`.
    func stop(_ done: @escaping @Sendable () -> Void) {
        enqueue(.stop(done))
    }

    private func enqueue(_ work: Work) {
        condition.lock()
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            for work in batch {
                switch work {
                case .apply(let records, let snapshot):
                    for record in records { state.apply(record.event) }
                    observer?(records, state)
                    if snapshot, let last = records.last { saveSnapshot(last.seq, state) }
                case .copy(let deliver):
                    deliver(state)
                case .stop(let done):
                    done()
                    return
                }
            }
        }
    }
}

/// Carries the copy from this thread to the waiting caller.
private final class Box<Value>: @unchecked Sendable {
    var value: Value?
}
