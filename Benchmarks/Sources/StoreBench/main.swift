// store-bench: acknowledged mutations per second with group commit versus one
// transaction per mutation, and versus pgbench running a one-row INSERT per
// transaction, all on the same cluster in the same run at the same
// concurrency; then the time to read a shard's journal back for recovery.
//
//   store-bench [--in-flight 64] [--seconds 10] [--rounds 3] [--lanes 2]
//               [--recovery-events 1000000] [--data-dir DIR]
//
// It runs a private cluster with fsync and synchronous_commit ON (the
// product's default). The machine is shared, so group commit and pgbench are
// measured in alternating rounds and the medians reported.
import Foundation
import OMSStore

let options = BenchOptions(CommandLine.arguments.dropFirst())
let directory = options.dataDirectory ?? "/tmp/oms-bench-\(UUID().uuidString.prefix(8))"
let server = try EmbeddedPostgres.start(
    EmbeddedPostgresConfiguration(
        dataDirectory: directory, databaseName: "omsbench",
        extraSettings: [("max_connections", String(options.inFlight + 20))]))
defer {
    try? server.stop()
    // A directory we made up is ours to remove; one the caller named is kept.
    if options.dataDirectory == nil { try? FileManager.default.removeItem(atPath: directory) }
}
let connectionString = server.connectionString
print("cluster: \(directory) (fsync on, synchronous_commit on)")

let setup = try PGConnection(connectionString: connectionString)
try Migrator().migrate(setup)
try setup.execute(
    """
    CREATE TABLE IF NOT EXISTS pgbench_journal (LIKE journal INCLUDING DEFAULTS INCLUDING INDEXES)
    """)
try setup.execute("CREATE SEQUENCE IF NOT EXISTS pgbench_journal_seq")

print("in flight: \(options.inFlight), \(options.seconds) s per measurement, 1 event per mutation, \(options.rounds) rounds")
var results: [String: [Double]] = [:]
@MainActor func measure(_ label: String, _ body: () throws -> Double?) rethrows {
    if let value = try body() { results[label, default: []].append(value) }
}
let closedLoop = "group commit, \(options.inFlight) shards x 1 in flight"
let pipelined = "group commit, 4 shards x \(options.inFlight / 4) in flight"
let lanesLabel = "group commit, \(options.inFlight) shards x 1, \(options.lanes) lanes"
let pgbenchLabel = "pgbench, \(options.inFlight) clients, one-row INSERT per transaction"
for round in 1...options.rounds {
    print("round \(round)")
    try measure(closedLoop) {
        try measureThroughput(
            connectionString: connectionString, configuration: .groupCommit, producers: options.inFlight,
            label: "  " + closedLoop, options: options
        ).perSecond
    }
    try measure(pgbenchLabel) {
        let tps = try runPgbench(
            socketDirectory: server.socketDirectory, database: "omsbench", clients: options.inFlight,
            seconds: options.seconds)
        if let tps { print(String(format: "  %@: %.0f tps", pgbenchLabel, tps)) }
        return tps
    }
    try measure(pipelined) {
        try measureThroughput(
            connectionString: connectionString, configuration: .groupCommit, producers: 4, label: "  " + pipelined,
            options: options
        ).perSecond
    }
    if options.lanes > 1 {
        try measure(lanesLabel) {
            try measureThroughput(
                connectionString: connectionString, configuration: .groupCommit, lanes: options.lanes,
                producers: options.inFlight, label: "  " + lanesLabel, options: options
            ).perSecond
        }
    }
}
let baselineLabel = "one transaction per mutation, \(options.inFlight) shards x 1 in flight"
try measure(baselineLabel) {
    try measureThroughput(
        connectionString: connectionString, configuration: .oneTransactionPerUnit, producers: options.inFlight,
        label: baselineLabel, options: options
    ).perSecond
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
print("medians:")
for label in [closedLoop, pipelined, lanesLabel, pgbenchLabel, baselineLabel] {
    if let values = results[label] { print(String(format: "  %@: %.0f /s", label, median(values))) }
}
let baseline = median(results[baselineLabel] ?? [])
let pgbenchTPS = median(results[pgbenchLabel] ?? [])
for label in [closedLoop, pipelined] {
    let value = median(results[label] ?? [])
    print(String(format: "  %@: %.1fx per-mutation baseline", label, value / max(baseline, 1)))
    if pgbenchTPS > 0 { print(String(format: "  %@: %.2fx pgbench", label, value / pgbenchTPS)) }
}

if options.recoveryEvents > 0 {
    try measureRecovery(connectionString: connectionString, events: options.recoveryEvents)
}
