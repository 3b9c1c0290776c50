import Foundation
import LoadKit
import OMSClient
import Synchronization

/// A fill instead of a timed run: the callers of `Runner` make calls until
/// `count` have succeeded (or `limit` has passed), every call counted, and
/// the daemon is sampled when the last one is answered. What a fill measures
/// is the state it leaves (the daemon's RSS), not its latency.
struct FillRunner {
    let scenario: any Scenario
    let clients: [OMSClient]
    let depth: Int
    let count: Int
    let limit: Duration
    let daemonPID: Int32?
    let extraPIDs: [Int32]

    /// The outcome and the seconds the fill took.
    func run() async -> (outcome: Runner.Outcome, seconds: Double) {
        let started = ContinuousClock.now
        let end = started + limit
        let daemonBefore = daemonPID.flatMap { ProcessSample.read(pid: $0, alsoCounting: extraPIDs) }
        let clientBefore = ProcessSample.read(pid: getpid())
        let tickets = FillTickets(count: count)
        let tally = await withTaskGroup(of: Tally.self, returning: Tally.self) { group in
            for (index, client) in clients.enumerated() {
                for slot in 0..<depth {
                    let worker = index * depth + slot
                    group.addTask { await callLoop(client: client, worker: worker, tickets: tickets, end: end) }
                }
            }
            var total = Tally()
            for await part in group { total.merge(part) }
            return total
        }
        let seconds = started.duration(to: .now).seconds
        let daemonAfter = daemonPID.flatMap { ProcessSample.read(pid: $0, alsoCounting: extraPIDs) }
        let clientAfter = ProcessSample.read(pid: getpid())
        let daemon: DaemonUsage? =
            if let first = daemonBefore, let last = daemonAfter { DaemonUsage(from: first, to: last, seconds: seconds) } else { nil }
        let client: DaemonUsage? =
            if let first = clientBefore, let last = clientAfter { DaemonUsage(from: first, to: last, seconds: seconds) } else { nil }
        return (Runner.Outcome(tally: tally, daemon: daemon, client: client), seconds)
    }

    private func callLoop(client: OMSClient, worker: Int, tickets: FillTickets, end: ContinuousClock.Instant) async -> Tally {
        var tally = Tally()
        var n = 0
        while ContinuousClock.now < end, !Task.isCancelled, tickets.take() {
            let started = ContinuousClock.now
            let operation = scenario.operation(worker: worker, n: n)
            do {
                try await scenario.call(client: client, worker: worker, n: n)
                tally.record(operation: operation, micros: started.duration(to: .now).micros)
            } catch {
                // A failed call fills nothing: its ticket goes back for another try.
                tickets.giveBack()
                tally.errors[Runner.code(of: error), default: 0] += 1
            }
            n += 1
        }
        return tally
    }
}

/// The calls still to make, shared by every caller of a fill.
final class FillTickets: Sendable {
    private let left: Atomic<Int>

    init(count: Int) {
        left = Atomic(count)
    }

    /// True when the caller may make one more call.
    func take() -> Bool {
        var current = left.load(ordering: .relaxed)
        while current > 0 {
            let (exchanged, original) = left.compareExchange(
                expected: current, desired: current - 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func giveBack() {
        _ = left.add(1, ordering: .relaxed)
    }
}
