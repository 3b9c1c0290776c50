import Foundation

/// One plant's single writer. Commands from any thread go through a
/// lock-free queue to one thread, which decides them on the working state,
/// applies their events, and hands the events to the journal. Each command is
/// answered only once the transaction holding its events has committed.
///
/// Group commit: commands are decided at once (on the working state) and
/// handed to the journal as soon as this thread has drained its queue, while
/// earlier batches still commit (up to `maxBatchesInFlight`); the journal
/// takes all that queued during a commit into its next transaction, and
/// commits batches in order. If a commit fails, its commands and every
/// command decided after them fail with `unavailable`, and the working state
/// falls back to the last committed state, so nothing half-applied survives.
///
/// The committed state lives on a thread of its own (`CommittedState`):
/// committed batches are applied there and observed there, and snapshots are
/// taken of it, off this thread and without copying the working state.
///
/// Thread-safety: the mutable properties below the queue are used only by the
/// shard thread; `working` is shared with readers under a reader-writer lock.
public final class Shard<Domain: ShardDomain, Sink: JournalSink>: @unchecked Sendable
where Sink.Event == Domain.Event, Sink.State == Domain, Domain.Failure: Sendable {
    public typealias Reply = @Sendable (Result<Domain.Reply, ShardFailure<Domain.Failure>>) -> Void
    /// Told, on the shard's committed-state thread, of every record once it
    /// is durable, with the committed state that includes it, in order.
    public typealias CommitObserver = @Sendable (_ records: [JournalRecord<Domain.Event>], _ committed: Domain) -> Void

    private enum Work: Sendable {
        case command(Domain.Command, Domain.Context, commandID: String, reply: Reply)
        case committed(Result<Void, any Error>)
        case stop(@Sendable () -> Void)
    }

    /// A decided command waiting for durability.
    private struct Accepted {
        var records: [JournalRecord<Domain.Event>]
        var answer: Domain.Reply
        var reply: Reply
    }

    public let id: String
    private let sink: Sink
    private let queue: MPSCQueue<Work>
    private let wake = WakeSignal()
    private let working: ReadWriteLocked<Domain>
    private let committed: CommittedState<Domain>

    // Shard thread only.
    private var committedSeq: Int64
    private var nextSeq: Int64
    private var pending: [Accepted] = []
    /// Batches handed to the journal and not yet answered, oldest first.
    /// What was decided goes out as soon as this thread has drained its
    /// queue: the journal commits in order and takes everything queued when
    /// its previous commit returns, so a command waits for at most the
    /// commit running when it was decided.
    private var inFlight: [[Accepted]] = []
    /// Beyond this many batches with the journal (a journal far behind),
    /// what is decided gathers here into one batch, so one busy shard
    /// cannot fill the writer's queue that all shards share.
    private let maxBatchesInFlight: Int
    /// Completions still to come for batches already failed: ignored.
    private var failedInFlight = 0
    /// After a failed commit: read back what is durable before committing more.
    private var mustCatchUp = false
    /// A snapshot is taken after the commit that passes this many events
    /// since the last one, or `sizeAtLastSnapshot` if larger.
    private let snapshotInterval: Int64
    /// The state's `snapshotSize` when the last snapshot was taken: the tail
    /// recovery replays stays within the snapshot it starts from, and a
    /// state that only grows is snapshotted at geometric steps.
    private var sizeAtLastSnapshot: Int64
    /// 1 commits each command in a transaction of its own (the benchmark baseline); otherwise all that is decided.
    private let maxCommandsPerCommit: Int
    private var eventsSinceSnapshot: Int64
    private var onStopped: (@Sendable () -> Void)?

    /// `state` is the state after event `lastSeq` (0 for a new shard);
    /// `eventsSinceSnapshot` of its events came after the latest snapshot,
    /// which held `lastSnapshotSize` records (see `ShardDomain.snapshotSize`).
    public init(
        id: String,
        state: Domain,
        lastSeq: Int64,
        sink: Sink,
        queueCapacity: Int = 8_192,
        snapshotInterval: Int64 = 1_000_000,
        eventsSinceSnapshot: Int64 = 0,
        lastSnapshotSize: Int = 0,
        maxCommandsPerCommit: Int = .max,
        maxBatchesInFlight: Int = 64,
        onCommit: CommitObserver? = nil
    ) {
        self.id = id
        self.maxBatchesInFlight = max(1, maxBatchesInFlight)
        self.maxCommandsPerCommit = max(1, maxCommandsPerCommit)
        self.snapshotInterval = max(1, snapshotInterval)
        self.eventsSinceSnapshot = max(0, eventsSinceSnapshot)
        self.sizeAtLastSnapshot = Int64(max(0, lastSnapshotSize))
        self.sink = sink
        self.queue = MPSCQueue(capacity: queueCapacity)
        self.working = ReadWriteLocked(state)
        self.committed = CommittedState(
            name: Self.threadName("commit", id), state: state, observer: onCommit,
            saveSnapshot: { [sink] seq, state in sink.saveSnapshot(shard: id, seq: seq, state: state) })
        self.committedSeq = lastSeq
        self.nextSeq = lastSeq + 1
    }

    public func start() {
        committed.start()
        let name = Self.threadName("shard", id)
        Thread { [self] in
            // Set here: on Linux a thread names only itself (at most 15 bytes;
            // a name given before start() never reaches the kernel).
            Thread.current.name = name
            run()
        }.start()
    }

    /// "<role>-<shard id>" cut to Linux's 15 bytes (a longer name is refused, not cut).
    private static func threadName(_ role: String, _ id: String) -> String {
        String("\(role)-\(id)".utf8.prefix(15)) ?? role
    }

    /// Queues a command from any thread; `reply` is called exactly once, on the shard thread.
    public func submit(_ command: Domain.Command, context: Domain.Context, commandID: String = "", reply: @escaping Reply) {
        guard queue.push(.command(command, context, commandID: commandID, reply: reply)) else {
            reply(.failure(.overloaded(capacity: queue.capacity)))
            return
        }
        wake.wake()
    }

    /// Reads the current state from any thread; never waits for the journal.
    /// It may reflect commands whose commit is still in flight.
    public func read<T>(_ body: (Domain) throws -> T) rethrows -> T {
        try working.read(body)
    }

    /// Stops after the commit in flight; commands still queued fail with `stopped`.
    public func stop() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.push(.stop { done.resume() }, force: true)
            wake.wake()
        }
    }

    // MARK: Shard thread

    private func run() {
        while true {
            var worked = false
            while let work = queue.pop() {
                worked = true
                switch work {
                case .command(let command, let context, let commandID, let reply):
                    if onStopped != nil {
                        reply(.failure(.stopped))
                    } else {
                        decide(command, context: context, commandID: commandID, reply: reply)
                    }
                case .committed(let result):
                    commitFinished(result)
                case .stop(let done):
                    onStopped = done
                }
            }
            submitPending()
            if let onStopped, inFlight.isEmpty, failedInFlight == 0, pending.isEmpty {
                // What was committed is applied and observed before the stop completes.
                committed.stop(onStopped)
                return
            }
            if !worked {
                wake.sleep { queue.approximateCount > 0 }
            }
        }
    }

    private func decide(_ command: Domain.Command, context: Domain.Context, commandID: String, reply: @escaping Reply) {
        let decision: (events: [Domain.Event], reply: Domain.Reply)
        do {
            decision = try working.writerView.decide(command, context: context)
        } catch {
            reply(.failure(.rejected(error)))
            return
        }
        var events = decision.events
        var answer = decision.reply
        if !events.isEmpty {
            working.write { state in events.forEach { state.apply($0) } }
            let reaction = working.writerView.reaction(to: events, context: context)
            if !reaction.isEmpty {
                working.write { state in reaction.forEach { state.apply($0) } }
                answer = working.writerView.refreshed(answer)
                events += reaction
            }
        }
        var records: [JournalRecord<Domain.Event>] = []
        records.reserveCapacity(events.count)
        for event in events {
            records.append(JournalRecord(seq: nextSeq, event: event, commandID: commandID))
            nextSeq += 1
        }
        // Even a command without events waits its turn: its answer may rest
        // on events that are not durable yet.
        pending.append(Accepted(records: records, answer: answer, reply: reply))
    }

    private func submitPending() {
        while inFlight.count < maxBatchesInFlight, !pending.isEmpty {
            if mustCatchUp {
                // What is durable is only known once every outstanding commit has answered.
                guard inFlight.isEmpty, failedInFlight == 0, catchUp() else { return }
            }
            guard !pending.isEmpty else { return }
            let batch = Array(pending.prefix(maxCommandsPerCommit))
            pending.removeFirst(batch.count)
            let records = batch.flatMap { $0.records }
            if records.isEmpty {
                if inFlight.isEmpty {
                    // Nothing to make durable, and nothing before them is in flight.
                    batch.forEach { $0.reply(.success($0.answer)) }
                } else {
                    // They rest on the last commit in flight: answered with it.
                    inFlight[inFlight.count - 1] += batch
                }
                continue
            }
            inFlight.append(batch)
            sink.commit(shard: id, records: records) { [self] result in
                queue.push(.committed(result), force: true)
                wake.wake()
            }
        }
    }

    private func commitFinished(_ result: Result<Void, any Error>) {
        if failedInFlight > 0 {
            failedInFlight -= 1
            return
        }
        guard !inFlight.isEmpty else { return }
        let batch = inFlight.removeFirst()
        switch result {
        case .success:
            // The journal may be idle now: hand it what was decided meanwhile
            // before the bookkeeping and replies, which then overlap that commit.
            submitPending()
            batch.forEach { $0.reply(.success($0.answer)) }
            let records = batch.flatMap { $0.records }
            if let last = records.last {
                committedSeq = last.seq
                eventsSinceSnapshot += Int64(records.count)
                let snapshot = eventsSinceSnapshot >= max(snapshotInterval, sizeAtLastSnapshot)
                if snapshot {
                    eventsSinceSnapshot = 0
                    sizeAtLastSnapshot = Int64(working.writerView.snapshotSize)
                }
                committed.apply(records, snapshot: snapshot)
            }
        case .failure(let error):
            // Everything decided after the failed batch rested on it: undo all,
            // including later batches still in flight (their answers are ignored).
            mustCatchUp = true
            let later = inFlight.flatMap { $0 }
            failedInFlight = inFlight.count
            inFlight = []
            failPending(batch + later, "journal commit failed: \(error)")
        }
    }

    /// Fails `batch` and everything decided after it, and returns to the committed state.
    private func failPending(_ batch: [Accepted], _ message: String) {
        let failed = batch + pending
        pending = []
        let rollback = committed.copy()
        working.write { $0 = rollback }
        nextSeq = committedSeq + 1
        failed.forEach { $0.reply(.failure(.unavailable(message))) }
    }

    /// Applies records that became durable although their commit reported a
    /// failure. Returns false (and fails what is pending) while the journal
    /// cannot be read.
    private func catchUp() -> Bool {
        let records: [JournalRecord<Domain.Event>]
        do {
            records = try sink.records(shard: id, after: committedSeq)
        } catch {
            failPending([], "journal unavailable: \(error)")
            return false
        }
        mustCatchUp = false
        guard let last = records.last else { return true }
        committed.apply(records, snapshot: false)
        committedSeq = last.seq
        // Pending commands were decided without these events: decide again later.
        failPending([], "the journal moved on under a failed commit; retry")
        return true
    }
}
