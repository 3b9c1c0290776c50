public import Foundation
public import Histogram

/// Latency percentiles in microseconds.
public struct Latency: Codable, Sendable {
    public var count: UInt64
    public var p50: UInt64
    public var p90: UInt64
    public var p99: UInt64
    public var p999: UInt64
    public var max: UInt64
    public var mean: Double

    public init(_ histogram: Histogram<UInt64>) {
        count = histogram.totalCount
        let empty = histogram.totalCount == 0
        p50 = empty ? 0 : histogram.valueAtPercentile(50)
        p90 = empty ? 0 : histogram.valueAtPercentile(90)
        p99 = empty ? 0 : histogram.valueAtPercentile(99)
        p999 = empty ? 0 : histogram.valueAtPercentile(99.9)
        max = empty ? 0 : histogram.max
        mean = empty ? 0 : histogram.mean
    }
}

/// What the daemon's journal writer did in the measured interval (from
/// ServerService/Info before and after): how group commit went.
public struct JournalFigures: Codable, Sendable {
    public var transactions: UInt64
    /// Shard batches: what a plant handed to the journal at once.
    public var batches: UInt64
    public var events: UInt64
    public var commitMicros: UInt64
    public var eventsPerTransaction: Double
    public var batchesPerTransaction: Double
    public var meanCommitMillis: Double
    /// Share of the interval the writer spent committing.
    public var writerBusy: Double

    public init(transactions: UInt64, batches: UInt64, events: UInt64, commitMicros: UInt64, seconds: Double) {
        self.transactions = transactions
        self.batches = batches
        self.events = events
        self.commitMicros = commitMicros
        eventsPerTransaction = transactions == 0 ? 0 : Double(events) / Double(transactions)
        batchesPerTransaction = transactions == 0 ? 0 : Double(batches) / Double(transactions)
        meanCommitMillis = transactions == 0 ? 0 : Double(commitMicros) / Double(transactions) / 1000
        writerBusy = seconds > 0 ? Double(commitMicros) / (seconds * 1_000_000) : 0
    }
}

/// One run, as printed and as written with --json.
public struct Report: Codable, Sendable {
    public var scenario: String
    public var endpoint: String
    public var connections: Int
    public var depth: Int
    public var inFlight: Int
    /// Calls started per second by a paced run (nil: closed loop).
    public var rate: Double?
    public var warmupSeconds: Double
    public var durationSeconds: Double
    public var startedAt: String
    /// Calls answered OK in the measured interval.
    public var ok: Int
    /// Failed calls by status code.
    public var errors: [String: Int]
    /// OK calls per second.
    public var throughput: Double
    public var latencyMicros: Latency
    public var operations: [String: Latency]
    public var daemonPID: Int32?
    public var daemon: DaemonUsage?
    /// The load generator's own CPU and RSS over the same interval.
    public var client: DaemonUsage?
    /// The daemon's journal writer over the same interval (omsd only).
    public var journal: JournalFigures?

    public init(
        scenario: String, endpoint: String, connections: Int, depth: Int, inFlight: Int, warmupSeconds: Double,
        durationSeconds: Double, startedAt: String, ok: Int, errors: [String: Int], throughput: Double,
        latencyMicros: Latency, operations: [String: Latency], daemonPID: Int32?, daemon: DaemonUsage?, client: DaemonUsage?,
        journal: JournalFigures? = nil, rate: Double? = nil
    ) {
        self.scenario = scenario
        self.endpoint = endpoint
        self.connections = connections
        self.depth = depth
        self.inFlight = inFlight
        self.rate = rate
        self.warmupSeconds = warmupSeconds
        self.durationSeconds = durationSeconds
        self.startedAt = startedAt
        self.ok = ok
        self.errors = errors
        self.throughput = throughput
        self.latencyMicros = latencyMicros
        self.operations = operations
        self.daemonPID = daemonPID
        self.daemon = daemon
        self.client = client
        self.journal = journal
    }

    /// `generator` names the load generator in the line on its own CPU.
    public func table(generator: String = "omsbench") -> String {
        var lines = [
            "scenario \(scenario)  endpoint \(endpoint)  \(connections) connections x depth \(depth) = \(inFlight) \(rate.map { "callers paced at \(format($0, 0)) calls/s" } ?? "in flight")  \(format(durationSeconds, 1)) s (+\(format(warmupSeconds, 1)) s warm-up)",
            "",
            pad(["operation", "ok", "calls/s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs"]),
            pad(["all", "\(ok)", format(throughput, 0)] + figures(latencyMicros)),
        ]
        if operations.count > 1 {
            for (name, latency) in operations.sorted(by: { $0.key < $1.key }) {
                lines.append(pad([name, "\(latency.count)", format(Double(latency.count) / durationSeconds, 0)] + figures(latency)))
            }
        }
        lines.append("")
        let failed = errors.values.reduce(0, +)
        lines.append(
            "errors: " + (failed == 0 ? "none" : errors.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        if let daemon, let daemonPID {
            lines.append(
                "daemon pid \(daemonPID): cpu \(format(daemon.cpuSeconds, 2)) s (\(format(daemon.cpuCores, 2)) cores), "
                    + "with PostgreSQL \(format(daemon.treeCPUSeconds, 2)) s (\(format(daemon.treeCPUCores, 2)) cores), "
                    + "rss \(daemon.rssBytes >> 20) MiB, peak \(daemon.peakRSSBytes >> 20) MiB")
        }
        if let journal, journal.transactions > 0 {
            lines.append(
                "journal: \(journal.transactions) transactions, \(format(journal.eventsPerTransaction, 1)) events "
                    + "in \(format(journal.batchesPerTransaction, 1)) batches each, "
                    + "\(format(journal.meanCommitMillis, 2)) ms per commit, writer committing \(format(journal.writerBusy * 100, 0))% of the time")
        }
        if let client {
            lines.append("\(generator) itself: cpu \(format(client.cpuSeconds, 2)) s (\(format(client.cpuCores, 2)) cores), rss \(client.rssBytes >> 20) MiB")
        }
        return lines.joined(separator: "\n")
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    private func figures(_ latency: Latency) -> [String] {
        [latency.p50, latency.p90, latency.p99, latency.p999, latency.max].map { "\($0)" }
    }

    private func pad(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            let width = index == 0 ? 14 : 10
            let padding = String(repeating: " ", count: Swift.max(width - cell.count, 0))
            return index == 0 ? cell + padding : padding + cell
        }.joined(separator: " ")
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
