extension Report {
    /// The report of one closed-loop run.
    public init(
        scenario: String, endpoint: String, connections: Int, depth: Int, warmupSeconds: Double, durationSeconds: Double,
        startedAt: String, outcome: LoadOutcome, daemonPID: Int32?
    ) {
        self.init(
            scenario: scenario, endpoint: endpoint, connections: connections, depth: depth, inFlight: connections * depth,
            warmupSeconds: warmupSeconds, durationSeconds: durationSeconds, startedAt: startedAt, ok: outcome.tally.ok,
            errors: outcome.tally.errors, throughput: Double(outcome.tally.ok) / durationSeconds,
            latencyMicros: Latency(outcome.tally.latency), operations: outcome.tally.byOperation.mapValues(Latency.init),
            daemonPID: daemonPID, daemon: outcome.daemon, client: outcome.client)
    }
}
