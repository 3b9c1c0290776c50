import Foundation
import Synchronization
import Testing

@testable import OMSEngine

/// A tiny domain: a stock of units that can be added and taken, never below zero.
struct Counter: ShardDomain, Equatable {
    enum Command: Sendable { case add(Int), take(Int), read }
    enum Event: Sendable, Equatable { case added(Int), taken(Int) }
    struct Short: Error, Equatable { var available: Int }

    var units = 0
    /// Snapshot records per unit held: 0 leaves snapshots to the shard's interval alone.
    var sizePerUnit = 0

    var snapshotSize: Int { units * sizePerUnit }

    func decide(_ command: Command, context: Void) throws(Short) -> (events: [Event], reply: Int) {
        switch command {
        case .add(let n): return ([.added(n)], units + n)
        case .take(let n):
            guard n <= units else { throw Short(available: units) }
            return ([.taken(n)], units - n)
        case .read: return ([], units)
        }
    }

    mutating func apply(_ event: Event) {
        switch event {
        case .added(let n): units += n
        case .taken(let n): units -= n
        }
    }
}

/// A journal in memory whose commits the test releases by hand, and can fail.
/// Like the database's journal_heads check, it refuses a commit that does not
/// continue the journal (one queued behind a commit that failed).
final class ManualJournal: JournalSink, Sendable {
    typealias Event = Counter.Event
    struct Failure: Error {}

    private let state = Mutex<(
        held: [(records: [JournalRecord<Event>], done: @Sendable (Result<Void, any Error>) -> Void)],
        durable: [JournalRecord<Event>],
        commits: Int,
        snapshots: [(seq: Int64, state: Counter)],
        expectedSeq: Int64?
    )>(([], [], 0, [], nil))

    func commit(shard: String, records: [JournalRecord<Event>], completion: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        state.withLock { $0.held.append((records, completion)) }
    }

    func saveSnapshot(shard: String, seq: Int64, state snapshot: Counter) {
        state.withLock { $0.snapshots.append((seq, snapshot)) }
    }

    /// (seq, state) pairs saved.
    var snapshots: [(seq: Int64, state: Counter)] { state.withLock { $0.snapshots } }

    func records(shard: String, after seq: Int64) throws -> [JournalRecord<Event>] {
        state.withLock { $0.durable.filter { $0.seq > seq } }
    }

    /// The commit "failed" but its records stuck, as when the connection dies during COMMIT.
    func releaseFailingAfterCommit() {
        let next = state.withLock { state -> (records: [JournalRecord<Event>], done: @Sendable (Result<Void, any Error>) -> Void)? in
            guard !state.held.isEmpty else { return nil }
            let next = state.held.removeFirst()
            state.durable += next.records
            state.commits += 1
            state.expectedSeq = next.records.last.map { $0.seq + 1 } ?? state.expectedSeq
            return next
        }
        next?.done(.failure(Failure()))
    }

    var heldCommits: Int { state.withLock { $0.held.count } }
    /// Records in the held commits.
    var heldRecords: Int { state.withLock { $0.held.reduce(0) { $0 + $1.records.count } } }
    var durable: [JournalRecord<Event>] { state.withLock { $0.durable } }
    var commits: Int { state.withLock { $0.commits } }

    /// Completes the oldest held commit; it fails when asked to or when it
    /// does not continue the journal.
    func release(failing: Bool = false) {
        let next = state.withLock { state -> (done: @Sendable (Result<Void, any Error>) -> Void, failed: Bool)? in
            guard !state.held.isEmpty else { return nil }
            let next = state.held.removeFirst()
            let first = next.records.first?.seq ?? 0
            let fails = failing || (state.expectedSeq.map { $0 != first } ?? false)
            if fails {
                state.expectedSeq = state.expectedSeq ?? first
            } else {
                state.durable += next.records
                state.commits += 1
                state.expectedSeq = (next.records.last?.seq ?? first) + 1
            }
            return (next.done, fails)
        }
        next.map { $0.done($0.failed ? .failure(Failure()) : .success(())) }
    }
}

/// Collects replies so the test can wait for them.
final class Replies: Sendable {
    private let results = Mutex<[Int: Result<Int, ShardFailure<Counter.Short>>]>([:])

    func callback(_ tag: Int) -> Shard<Counter, ManualJournal>.Reply {
        { result in self.results.withLock { $0[tag] = result } }
    }

    var count: Int { results.withLock { $0.count } }
    subscript(tag: Int) -> Result<Int, ShardFailure<Counter.Short>>? { results.withLock { $0[tag] } }
}

func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<2000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

@Suite("Shard: single writer with group commit")
struct ShardTests {
    @Test func commandsAreAnsweredOnlyAfterTheirCommit() async throws {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(), lastSeq: 0, sink: journal)
        shard.start()
        let replies = Replies()
        shard.submit(.add(5), context: (), reply: replies.callback(1))
        #expect(await eventually { journal.heldCommits == 1 })
        #expect(replies.count == 0, "no answer before the commit")
        #expect(shard.read(\.units) == 5, "reads see the decided state")
        journal.release()
        #expect(await eventually { replies.count == 1 })
        #expect(try replies[1]?.get() == 5)
        #expect(journal.durable.map(\.seq) == [1])
        await shard.stop()
    }

    @Test func commandsArrivingDuringACommitGoToTheJournalBeforeItReturns() async {
        let journal = ManualJournal()
        // Room for a batch per command, however the thread happens to drain its queue.
        let shard = Shard(id: "P1", state: Counter(), lastSeq: 0, sink: journal, maxBatchesInFlight: 200)
        shard.start()
        let replies = Replies()
        shard.submit(.add(1), context: (), reply: replies.callback(0))
        #expect(await eventually { journal.heldCommits == 1 })
        // Everything decided while that commit runs is handed over before it
        // returns, so the journal can take it all into its next transaction.
        for i in 1...199 { shard.submit(.add(1), context: (), reply: replies.callback(i)) }
        #expect(await eventually { journal.heldRecords == 200 })
        #expect(replies.count == 0, "no answer before its commit")
        while journal.heldCommits > 0 { journal.release() }
        #expect(await eventually { replies.count == 200 })
        #expect(journal.durable.map(\.seq) == Array(1...200))
        await shard.stop()
    }

    @Test func withTheJournalFarBehindLaterCommandsGatherIntoOneBatch() async {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(), lastSeq: 0, sink: journal, maxBatchesInFlight: 2)
        shard.start()
        let replies = Replies()
        shard.submit(.add(1), context: (), reply: replies.callback(0))
        #expect(await eventually { journal.heldCommits == 1 })
        shard.submit(.add(1), context: (), reply: replies.callback(1))
        #expect(await eventually { journal.heldCommits == 2 })
        // Two batches are out: everything decided now waits, and then goes as one.
        for i in 2...200 { shard.submit(.add(1), context: (), reply: replies.callback(i)) }
        #expect(await eventually { shard.read(\.units) == 201 })
        #expect(journal.heldCommits == 2, "no third batch while two are with the journal")
        journal.release()
        #expect(await eventually { journal.heldCommits == 2 })
        journal.release()
        journal.release()
        #expect(await eventually { replies.count == 201 })
        #expect(journal.commits == 3, "the 199 commands that waited went out in one batch")
        #expect(journal.durable.map(\.seq) == Array(1...201))
        await shard.stop()
    }

    @Test func oneCommandPerCommitWhenAskedTo() async throws {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(), lastSeq: 0, sink: journal, maxCommandsPerCommit: 1)
        shard.start()
        let replies = Replies()
        for i in 1...5 { shard.submit(.add(1), context: (), reply: replies.callback(i)) }
        #expect(await eventually { shard.read(\.units) == 5 })
        for answered in 1...5 {
            #expect(await eventually { journal.heldCommits >= 1 })
            journal.release()
            #expect(await eventually { replies.count == answered })
        }
        #expect(journal.commits == 5, "five commands, five transactions")
        #expect(journal.durable.map(\.seq) == [1, 2, 3, 4, 5])
        await shard.stop()
    }

    @Test func rejectedCommandsAnswerAtOnceAndChangeNothing() async {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(units: 3), lastSeq: 7, sink: journal)
        shard.start()
        let replies = Replies()
        shard.submit(.take(4), context: (), reply: replies.callback(1))
        #expect(await eventually { replies.count == 1 })
        guard case .failure(.rejected(let short)) = replies[1] else {
            Issue.record("expected a rejection, got \(String(describing: replies[1]))")
            return
        }
        #expect(short.available == 3)
        #expect(journal.heldCommits == 0)
        #expect(shard.read(\.units) == 3)
        await shard.stop()
    }

    @Test func failedCommitUndoesItselfAndEverythingDecidedAfterIt() async throws {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(units: 10), lastSeq: 100, sink: journal)
        shard.start()
        let replies = Replies()
        shard.submit(.take(4), context: (), reply: replies.callback(1))
        #expect(await eventually { journal.heldCommits == 1 })
        shard.submit(.take(6), context: (), reply: replies.callback(2))   // rests on take(4)
        #expect(await eventually { shard.read(\.units) == 0 })
        journal.release(failing: true)
        #expect(await eventually { replies.count == 2 })
        for tag in [1, 2] {
            guard case .failure(.unavailable) = replies[tag] else {
                Issue.record("command \(tag) must fail as unavailable, got \(String(describing: replies[tag]))")
                continue
            }
        }
        #expect(shard.read(\.units) == 10, "back to the committed state")
        // take(6) went to the journal behind take(4): the journal refuses it
        // (it does not continue the journal), and the shard ignores that answer.
        #expect(journal.heldCommits == 1)
        journal.release()
        #expect(journal.durable.isEmpty)

        // The journal continues where the durable sequence ended: no gap, no reuse.
        shard.submit(.take(1), context: (), reply: replies.callback(3))
        #expect(await eventually { journal.heldCommits == 1 })
        journal.release()
        #expect(await eventually { replies.count == 3 })
        #expect(try replies[3]?.get() == 9)
        #expect(journal.durable.map(\.seq) == [101])
        await shard.stop()
    }

    @Test func snapshotsGoWithTheCommitThatCrossesTheIntervalAndMatchTheirSeq() async throws {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(), lastSeq: 0, sink: journal, snapshotInterval: 3)
        shard.start()
        let replies = Replies()
        for i in 1...7 {
            shard.submit(.add(i), context: (), reply: replies.callback(i))
            #expect(await eventually { journal.heldCommits == 1 })
            journal.release()
            #expect(await eventually { replies.count == i })
        }
        // One event per commit: snapshots after events 3 and 6, each the state at that seq.
        #expect(await eventually { journal.snapshots.count == 2 })
        #expect(journal.snapshots.map(\.seq) == [3, 6])
        #expect(journal.snapshots.map(\.state.units) == [1 + 2 + 3, 1 + 2 + 3 + 4 + 5 + 6])
        await shard.stop()
    }

    @Test func snapshotsAreSpacedByTheSizeOfTheLastOne() async throws {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(sizePerUnit: 1), lastSeq: 0, sink: journal, snapshotInterval: 3)
        shard.start()
        let replies = Replies()
        // Seq 1 makes 10 units (a snapshot of 10 records), seq 11 leaves 5; the rest change nothing.
        let commands: [Counter.Command] = [.add(10)] + Array(repeating: .take(0), count: 9) + [.take(5)]
            + Array(repeating: .take(0), count: 4)
        for (index, command) in commands.enumerated() {
            shard.submit(command, context: (), reply: replies.callback(index + 1))
            #expect(await eventually { journal.heldCommits == 1 })
            journal.release()
            #expect(await eventually { replies.count == index + 1 })
        }
        // Not every 3 events: the first at 3 (nothing held at start), then 10
        // events later (it held 10), then not within 5 (the second held 5).
        #expect(await eventually { journal.snapshots.count == 2 })
        #expect(journal.snapshots.map(\.seq) == [3, 13])
        #expect(journal.snapshots.map(\.state.units) == [10, 5])
        await shard.stop()
    }

    @Test func aRestartedShardCountsTheEventsRecoveredAfterTheSnapshot() async throws {
        let journal = ManualJournal()
        // Recovered: a snapshot of 5 records, then 4 events up to seq 7.
        let shard = Shard(
            id: "P1", state: Counter(units: 5, sizePerUnit: 1), lastSeq: 7, sink: journal, snapshotInterval: 3,
            eventsSinceSnapshot: 4, lastSnapshotSize: 5)
        shard.start()
        let replies = Replies()
        for n in 1...2 {
            shard.submit(.take(0), context: (), reply: replies.callback(n))
            #expect(await eventually { journal.heldCommits == 1 })
            journal.release()
            #expect(await eventually { replies.count == n })
        }
        // The fifth event since that snapshot takes the next one, not the fifth since the start.
        #expect(await eventually { journal.snapshots.count == 1 })
        #expect(journal.snapshots.map(\.seq) == [8])
        await shard.stop()
    }

    @Test func commitWhoseOutcomeWasUnknownIsReadBackBeforeGoingOn() async throws {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(units: 10), lastSeq: 0, sink: journal)
        shard.start()
        let replies = Replies()
        shard.submit(.take(4), context: (), reply: replies.callback(1))
        #expect(await eventually { journal.heldCommits == 1 })
        journal.releaseFailingAfterCommit()
        #expect(await eventually { replies.count == 1 })
        guard case .failure(.unavailable) = replies[1] else {
            Issue.record("the client was told it failed")
            return
        }
        // The next command first reads back seq 1 (take 4) from the journal and continues after it.
        shard.submit(.take(6), context: (), reply: replies.callback(2))
        #expect(await eventually { replies.count == 2 })
        shard.submit(.take(1), context: (), reply: replies.callback(3))
        if journal.heldCommits == 0 { _ = await eventually { journal.heldCommits == 1 } }
        journal.release()
        #expect(await eventually { replies.count == 3 })
        #expect(journal.durable.map(\.seq) == Array(1...Int64(journal.durable.count)), "no gap, no reuse")
        let durableUnits = journal.durable.reduce(10) { units, record in
            switch record.event {
            case .added(let n): return units + n
            case .taken(let n): return units - n
            }
        }
        #expect(shard.read(\.units) == durableUnits)
        #expect(durableUnits >= 0)
        await shard.stop()
    }

    @Test func readOnlyCommandWaitsForTheCommitItRestsOn() async throws {
        let journal = ManualJournal()
        let shard = Shard(id: "P1", state: Counter(), lastSeq: 0, sink: journal)
        shard.start()
        let replies = Replies()
        shard.submit(.add(2), context: (), reply: replies.callback(1))
        #expect(await eventually { journal.heldCommits == 1 })
        shard.submit(.read, context: (), reply: replies.callback(2))
        try? await Task.sleep(for: .milliseconds(50))
        #expect(replies.count == 0, "the read's answer (2) is not durable yet")
        journal.release()
        #expect(await eventually { replies.count == 2 })
        #expect(try replies[2]?.get() == 2)
        await shard.stop()
    }

    @Test func concurrentClientsNeverTakeMoreThanThereIs() async {
        let journal = AutoJournal()
        let shard = Shard(id: "P1", state: Counter(units: 1000), lastSeq: 0, sink: journal)
        shard.start()
        let taken = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    var mine = 0
                    for _ in 0..<40 {
                        let ok = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
                            shard.submit(.take(1), context: ()) { done.resume(returning: (try? $0.get()) != nil) }
                        }
                        if ok { mine += 1 }
                    }
                    return mine
                }
            }
            return await group.reduce(0, +)
        }
        #expect(taken == 1000, "2,000 attempts on 1,000 units")
        #expect(shard.read(\.units) == 0)
        #expect(journal.durableCount == 1000)
        await shard.stop()
    }

    /// The committed state runs on a thread of its own: the observer must
    /// still see every durable record once, in order, each batch with the
    /// state right after it, and all of it before `stop` returns.
    @Test func observerSeesEveryDurableRecordInOrderWithTheStateAfterItBeforeStopReturns() async {
        let journal = AutoJournal()
        let seen = Mutex<(seqs: [Int64], consistent: Bool, total: Int)>(([], true, 0))
        let shard = Shard(id: "P1", state: Counter(), lastSeq: 0, sink: journal) { records, committed in
            seen.withLock { seen in
                seen.seqs += records.map(\.seq)
                for record in records {
                    if case .added(let n) = record.event { seen.total += n }
                }
                seen.consistent = seen.consistent && committed.units == seen.total
            }
        }
        shard.start()
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<20 {
                group.addTask {
                    for _ in 0..<25 {
                        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                            shard.submit(.add(client + 1), context: ()) { _ in done.resume() }
                        }
                    }
                }
            }
        }
        await shard.stop()
        let observed = seen.withLock { $0 }
        #expect(observed.seqs == Array(1...500))
        #expect(observed.consistent, "each batch came with the state right after it")
        #expect(observed.total == (1...20).reduce(0, +) * 25)
    }
}

/// Commits on another thread right away.
final class AutoJournal: JournalSink, Sendable {
    typealias Event = Counter.Event
    private let count = Mutex(0)
    var durableCount: Int { count.withLock { $0 } }

    func records(shard: String, after seq: Int64) throws -> [JournalRecord<Event>] { [] }

    func saveSnapshot(shard: String, seq: Int64, state: Counter) {}

    func commit(shard: String, records: [JournalRecord<Event>], completion: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        DispatchQueue.global().async {
            self.count.withLock { $0 += records.count }
            completion(.success(()))
        }
    }
}
