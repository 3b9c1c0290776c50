import ArgumentParser
import Foundation
import LoadKit
import OMSClient
import OMSProto

@main
struct OMSBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "omsbench",
        abstract: "Load generator for omsd: callers over OMSClient, in a closed loop or paced (--rate).",
        discussion: "Scenarios: \(Scenarios.help)"
    )

    @Option(help: "Scenario to run.")
    var scenario: String

    @Option(help: "Client connections.")
    var connections = 4

    @Option(help: "Concurrent callers per connection (each in a closed loop unless --rate paces them).")
    var depth = 16

    @Option(help: "Measured seconds.")
    var duration = 10.0

    @Option(help: "Seconds of load before measuring.")
    var warmup = 2.0

    @Option(help: "Pace the callers: together they start this many calls per second on a fixed schedule, each timed from when it was due if its caller was still busy (instead of a closed loop).")
    var rate: Double?

    @Option(help: "Fill instead of a timed run: stop once this many calls succeeded (no warm-up; --duration is the time limit). The daemon is sampled at the end.")
    var count: Int?

    @Option(help: "The daemon's Unix socket.")
    var socket: String?

    @Option(help: "The daemon's TCP listener as HOST:PORT.")
    var host: String?

    @Option(help: "Also write the report as JSON to this file.")
    var json: String?

    @Option(help: "The daemon's process id, to report its CPU time and RSS (Linux /proc).")
    var daemonPid: Int32?

    @Option(help: "Another process whose CPU counts with the daemon's, with its descendants (the embedded PostgreSQL's postmaster); repeatable.")
    var postgresPid: [Int32] = []

    @Option(help: "Plant the inventory scenarios use.")
    var plant = "P1"

    @Option(help: "Item the inventory scenarios use.")
    var item = "BENCH-1"

    @Option(help: "Per-call timeout in seconds.")
    var timeout = 30.0

    func validate() throws {
        guard Scenarios.named(scenario) != nil else {
            throw ValidationError("unknown scenario '\(scenario)'; one of: \(Scenarios.all.map { $0.name }.joined(separator: ", "))")
        }
        guard (socket == nil) != (host == nil) else { throw ValidationError("give exactly one of --socket and --host") }
        guard (count ?? 1) > 0 else { throw ValidationError("--count must be positive") }
        guard (rate ?? 1) > 0 else { throw ValidationError("--rate must be positive") }
        guard rate == nil || count == nil else { throw ValidationError("--rate paces a timed run, not a fill (--count)") }
        guard connections > 0, depth > 0, duration > 0, warmup >= 0 else {
            throw ValidationError("--connections and --depth must be positive, --duration positive, --warmup not negative")
        }
    }

    func run() async throws {
        EventLoopExecution.install()
        guard let kind = Scenarios.named(scenario) else { throw ExitCode.validationFailure }
        let options = ScenarioOptions(
            plant: plant, item: item, runID: "bench-\(UUID().uuidString.prefix(8))", callTimeout: .milliseconds(Int(timeout * 1000)))
        let load = kind.init(options: options)
        let (endpoint, label) = try self.endpoint()

        var clients: [OMSClient] = []
        for _ in 0..<connections {
            clients.append(try await OMSClient.connect(to: endpoint, options: ConnectionOptions(agent: "omsbench")))
        }
        defer { clients.forEach { $0.close() } }
        if let first = clients.first { try await load.setUp(client: first) }

        let startedAt = ISO8601DateFormatter().string(from: Date())
        let outcome: Runner.Outcome
        let measuredSeconds: Double
        var journal: JournalFigures?
        if let count {
            (outcome, measuredSeconds) = await FillRunner(
                scenario: load, clients: clients, depth: depth, count: count, limit: .milliseconds(Int(duration * 1000)),
                daemonPID: daemonPid, extraPIDs: postgresPid
            ).run()
        } else {
            // The journal writer's counters at both ends of the measured interval.
            let measureFrom = ContinuousClock.now + .milliseconds(Int(warmup * 1000))
            let measureTo = measureFrom + .milliseconds(Int(duration * 1000))
            let probe = clients.first
            async let journalBefore = Self.journalCounters(probe, at: measureFrom)
            async let journalAfter = Self.journalCounters(probe, at: measureTo)
            outcome = await Runner(
                scenario: load, clients: clients, depth: depth, warmup: .milliseconds(Int(warmup * 1000)),
                duration: .milliseconds(Int(duration * 1000)), daemonPID: daemonPid, extraPIDs: postgresPid, rate: rate
            ).run()
            measuredSeconds = duration
            // Counters that went down mean the daemon restarted in between: no figures then.
            if let first = await journalBefore, let last = await journalAfter,
                last.transactionsCommitted >= first.transactionsCommitted, last.eventsCommitted >= first.eventsCommitted,
                last.batchesCommitted >= first.batchesCommitted, last.commitMicros >= first.commitMicros
            {
                journal = JournalFigures(
                    transactions: last.transactionsCommitted - first.transactionsCommitted,
                    batches: last.batchesCommitted - first.batchesCommitted,
                    events: last.eventsCommitted - first.eventsCommitted,
                    commitMicros: last.commitMicros - first.commitMicros, seconds: duration)
            }
        }

        let report = Report(
            scenario: scenario, endpoint: label, connections: connections, depth: depth, inFlight: connections * depth,
            warmupSeconds: count == nil ? warmup : 0, durationSeconds: measuredSeconds, startedAt: startedAt,
            ok: outcome.tally.ok, errors: outcome.tally.errors, throughput: Double(outcome.tally.ok) / max(measuredSeconds, 1e-9),
            latencyMicros: Latency(outcome.tally.latency), operations: outcome.tally.byOperation.mapValues(Latency.init),
            daemonPID: daemonPid, daemon: outcome.daemon, client: outcome.client, journal: journal, rate: rate)
        print(report.table())
        if let json {
            try report.json().write(to: URL(fileURLWithPath: json))
        }
        if outcome.tally.ok == 0 { throw ExitCode.failure }
    }

    /// ServerService/Info's journal counters at `instant` (nil if the daemon has none).
    private static func journalCounters(_ client: OMSClient?, at instant: ContinuousClock.Instant) async -> Oms_V1_JournalCounters? {
        guard let client else { return nil }
        try? await Task.sleep(until: instant, clock: .continuous)
        guard let info = try? await client.serverInfo(), info.hasJournal else { return nil }
        return info.journal
    }

    private func endpoint() throws -> (OMSClient.Endpoint, String) {
        if let socket { return (.unix(path: socket), "unix:\(socket)") }
        guard let host, let colon = host.lastIndex(of: ":"), let port = Int(host[host.index(after: colon)...]) else {
            throw ValidationError("--host takes HOST:PORT")
        }
        return (.tcp(host: String(host[..<colon]), port: port), "tcp:\(host)")
    }
}
