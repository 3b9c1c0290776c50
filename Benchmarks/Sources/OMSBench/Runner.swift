import Foundation
import Histogram
import OMSClient

/// What one caller measured; merged after the run.
struct Tally: Sendable {
    var latency = Tally.histogram()
    var byOperation: [String: Histogram<UInt64>] = [:]
    var errors: [String: Int] = [:]
    var ok = 0

    /// Microseconds, 1 µs to 5 minutes, three significant digits.
    static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 300_000_000, numberOfSignificantValueDigits: .three)
    }

    mutating func record(operation: String, micros: UInt64) {
        ok += 1
        _ = latency.record(micros)
        _ = byOperation[operation, default: Tally.histogram()].record(micros)
    }

    mutating func merge(_ other: Tally) {
        latency.add(other.latency)
        for (name, histogram) in other.byOperation { byOperation[name, default: Tally.histogram()].add(histogram) }
        errors.merge(other.errors, uniquingKeysWith: +)
        ok += other.ok
    }
}

/// The closed loop: `depth` callers per connection, each waiting for its
/// answer before the next call. Calls that start during the warm-up are
/// made but not counted; no call starts after the end.
struct Runner {
    let scenario: any Scenario
    let clients: [OMSClient]
    let depth: Int
    let warmup: Duration
    let duration: Duration
    let daemonPID: Int32?
    /// More processes whose CPU counts as the daemon's (its PostgreSQL server).
    let extraPIDs: [Int32]

    struct Outcome: Sendable {
        var tally: Tally
        var daemon: DaemonUsage?
        /// omsbench's own CPU over the measured interval: on a small machine the
        /// load generator competes with the daemon for the same cores.
        var client: DaemonUsage?
    }

    func run() async -> Outcome {
        let measureFrom = ContinuousClock.now + warmup
        let end = measureFrom + duration
        async let before = Self.sample(daemonPID, extraPIDs, at: measureFrom)
        async let after = Self.sample(daemonPID, extraPIDs, at: end)
        async let clientBefore = Self.sample(getpid(), [], at: measureFrom)
        async let clientAfter = Self.sample(getpid(), [], at: end)
        let tally = await withTaskGroup(of: Tally.self, returning: Tally.self) { group in
            for (index, client) in clients.enumerated() {
                for slot in 0..<depth {
                    let worker = index * depth + slot
                    group.addTask { await callLoop(client: client, worker: worker, measureFrom: measureFrom, end: end) }
                }
            }
            var total = Tally()
            for await part in group { total.merge(part) }
            return total
        }
        let usage: DaemonUsage? =
            if let first = await before, let last = await after { DaemonUsage(from: first, to: last, seconds: duration.seconds) } else { nil }
        let client: DaemonUsage? =
            if let first = await clientBefore, let last = await clientAfter { DaemonUsage(from: first, to: last, seconds: duration.seconds) } else { nil }
        return Outcome(tally: tally, daemon: usage, client: client)
    }

    private func callLoop(client: OMSClient, worker: Int, measureFrom: ContinuousClock.Instant, end: ContinuousClock.Instant) async -> Tally {
        var tally = Tally()
        var n = 0
        while true {
            let started = ContinuousClock.now
            if started >= end || Task.isCancelled { break }
            let counted = started >= measureFrom
            let operation = scenario.operation(worker: worker, n: n)
            do {
                try await scenario.call(client: client, worker: worker, n: n)
                if counted { tally.record(operation: operation, micros: started.duration(to: .now).micros) }
            } catch {
                if counted { tally.errors[Self.code(of: error), default: 0] += 1 }
            }
            n += 1
        }
        return tally
    }

    static func code(of error: any Error) -> String {
        if let rpc = error as? RPCError { return rpc.code.description }
        return "CLIENT_\(type(of: error))"
    }

    private static func sample(_ pid: Int32?, _ extra: [Int32], at instant: ContinuousClock.Instant) async -> ProcessSample? {
        guard let pid else { return nil }
        try? await Task.sleep(until: instant, clock: .continuous)
        return ProcessSample.read(pid: pid, alsoCounting: extra)
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    var micros: UInt64 {
        let value = components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
        return UInt64(max(value, 1))
    }
}
