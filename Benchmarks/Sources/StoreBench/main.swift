// store-bench: acknowledged mutations per second with group commit versus one
// transaction per mutation (same cluster, same run, same concurrency), and the
// time to read a shard's journal back for recovery.
//
//   store-bench [--in-flight 64] [--seconds 10] [--recovery-events 1000000]
//               [--data-dir DIR] [--database-url URL]
//
// Without --database-url it runs a private cluster with fsync and
// synchronous_commit ON (the product's default), so figures are comparable
// with scripts/bench-store-pgbench.
import Foundation
import OMSStore

let options = BenchOptions(CommandLine.arguments.dropFirst())
var embedded: EmbeddedPostgres?
let connectionString: String
if let url = options.databaseURL {
    connectionString = url
} else {
    let directory = options.dataDirectory ?? "/tmp/oms-bench-\(UUID().uuidString.prefix(8))"
    let server = try EmbeddedPostgres.start(EmbeddedPostgresConfiguration(dataDirectory: directory, databaseName: "omsbench"))
    embedded = server
    connectionString = server.connectionString
    print("cluster: \(directory) (fsync on, synchronous_commit on)")
}
defer { try? embedded?.stop() }

try Migrator().migrate(try PGConnection(connectionString: connectionString))

print("in flight: \(options.inFlight), \(options.seconds) s per mode, 1 event per mutation")
let grouped = try measureThroughput(
    connectionString: connectionString, configuration: .groupCommit, label: "group commit", options: options)
let single = try measureThroughput(
    connectionString: connectionString, configuration: .oneTransactionPerUnit, label: "one transaction per mutation",
    options: options)
print(String(format: "group commit / per-mutation: %.1fx", grouped.perSecond / max(single.perSecond, 1)))

if options.recoveryEvents > 0 {
    try measureRecovery(connectionString: connectionString, events: options.recoveryEvents)
}
