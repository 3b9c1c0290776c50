import Foundation

/// What a run of callers measured.
public struct LoadOutcome: Sendable {
    public var tally: Tally
    public var daemon: DaemonUsage?
    /// The load generator's own CPU over the measured interval: on a small
    /// machine it competes with the server for the same cores.
    public var client: DaemonUsage?

    public init(tally: Tally, daemon: DaemonUsage?, client: DaemonUsage?) {
        self.tally = tally
        self.daemon = daemon
        self.client = client
    }
}

/// Callers over any client, `depth` per connection. By default a closed
/// loop: each waits for its answer before its next call. Calls that start during the
/// warm-up are made but not counted; no call starts after the end.
///
/// With a `rate`, the callers are paced instead: together they start `rate`
/// calls per second on a fixed schedule, whatever the answers take (the load
/// of a plant, not of a benchmark that waits for the server). A call that
/// starts late because its caller was still waiting for the previous answer
/// is timed from when it was due, so a slow server cannot hide its backlog
/// (coordinated omission); one that starts late only because the caller's
/// own timer woke late is timed from its start.
public struct CallerLoop<Connection: Sendable>: Sendable {
    /// Caller `worker` (0..<connections*depth) makes its `n`th call (n counts from 0 per worker).
    public typealias Call = @Sendable (_ connection: Connection, _ worker: Int, _ n: Int) async throws -> Void

    public let connections: [Connection]
    public let depth: Int
    public let warmup: Duration
    public let duration: Duration
    /// The server's process, for its CPU and RSS over the measured interval.
    public let daemonPID: Int32?
    /// More processes whose CPU counts as the server's (its PostgreSQL server).
    public let extraPIDs: [Int32]
    /// Calls started per second by all callers together; nil: each starts when its last call ends.
    public let rate: Double?
    /// How a paced caller waits for its next call to be due.
    public let sleep: Sleep

    public typealias Sleep = @Sendable (_ until: ContinuousClock.Instant) async -> Void

    public init(
        connections: [Connection], depth: Int, warmup: Duration, duration: Duration, daemonPID: Int32?, extraPIDs: [Int32] = [],
        rate: Double? = nil, sleep: @escaping Sleep = { try? await Task.sleep(until: $0, clock: .continuous) }
    ) {
        self.connections = connections
        self.depth = depth
        self.warmup = warmup
        self.duration = duration
        self.daemonPID = daemonPID
        self.extraPIDs = extraPIDs
        self.rate = rate.flatMap { $0 > 0 ? $0 : nil }
        self.sleep = sleep
    }

    /// `operation` names call `n` of `worker` for per-operation latencies;
    /// `errorCode` names a failed call's error in the report.
    public func run(
        operation: @escaping @Sendable (_ worker: Int, _ n: Int) -> String,
        errorCode: @escaping @Sendable (any Error) -> String,
        call: @escaping Call
    ) async -> LoadOutcome {
        let begin = ContinuousClock.now
        let measureFrom = begin + warmup
        let end = measureFrom + duration
        let callers = connections.count * depth
        // Caller w's calls are due at begin + (w + k * callers) / rate: evenly spread over all callers.
        let spacing: Duration? = rate.map { .seconds(1 / $0) }
        async let before = Self.sample(daemonPID, extraPIDs, at: measureFrom)
        async let after = Self.sample(daemonPID, extraPIDs, at: end)
        async let clientBefore = Self.sample(getpid(), [], at: measureFrom)
        async let clientAfter = Self.sample(getpid(), [], at: end)
        let tally = await withTaskGroup(of: Tally.self, returning: Tally.self) { group in
            for (index, connection) in connections.enumerated() {
                for slot in 0..<depth {
                    let worker = index * depth + slot
                    let schedule = spacing.map { Schedule(first: begin + $0 * worker, interval: $0 * callers) }
                    let sleep = self.sleep
                    group.addTask {
                        await Self.callLoop(
                            connection: connection, worker: worker, schedule: schedule, sleep: sleep, measureFrom: measureFrom,
                            end: end, operation: operation, errorCode: errorCode, call: call)
                    }
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
        return LoadOutcome(tally: tally, daemon: usage, client: client)
    }

    /// When a paced caller's calls are due.
    private struct Schedule {
        var first: ContinuousClock.Instant
        var interval: Duration

        func due(_ n: Int) -> ContinuousClock.Instant { first + interval * n }
    }

    private static func callLoop(
        connection: Connection, worker: Int, schedule: Schedule?, sleep: Sleep, measureFrom: ContinuousClock.Instant,
        end: ContinuousClock.Instant, operation: @Sendable (Int, Int) -> String, errorCode: @Sendable (any Error) -> String,
        call: Call
    ) async -> Tally {
        var tally = Tally()
        var n = 0
        while true {
            var started = ContinuousClock.now
            if let schedule {
                let due = schedule.due(n)
                if due >= end { break }
                if started < due {
                    await sleep(due)
                    started = .now
                } else {
                    // Behind: the previous answer came late, and this call waited for it.
                    started = due
                }
            }
            if started >= end || Task.isCancelled { break }
            let counted = started >= measureFrom
            let name = operation(worker, n)
            do {
                try await call(connection, worker, n)
                if counted { tally.record(operation: name, micros: started.duration(to: .now).micros) }
            } catch {
                if counted { tally.errors[errorCode(error), default: 0] += 1 }
            }
            n += 1
        }
        return tally
    }

    private static func sample(_ pid: Int32?, _ extra: [Int32], at instant: ContinuousClock.Instant) async -> ProcessSample? {
        guard let pid else { return nil }
        try? await Task.sleep(until: instant, clock: .continuous)
        return ProcessSample.read(pid: pid, alsoCounting: extra)
    }
}
