import ArgumentParser
import Foundation
import OMSClient

struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Version, listeners, methods and counters of the daemon."
    )

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        let client = try await daemon.connect()
        defer { client.close() }
        let info = try await client.serverInfo()
        let counters = info.counters
        let journal = info.journal
        let perCommit = journal.transactionsCommitted == 0 ? 0 : Double(journal.eventsCommitted) / Double(journal.transactionsCommitted)
        let commitMillis = journal.transactionsCommitted == 0 ? 0 : Double(journal.commitMicros) / Double(journal.transactionsCommitted) / 1000
        try Output.print(info, format: daemon.output) {
            [
                ("version", info.version),
                ("protocol", "\(info.protocolMinVersion)...\(info.protocolMaxVersion)"),
                ("host", "\(info.hostname) (pid \(info.pid))"),
                ("uptime", "\(info.uptimeMicros / 1_000_000) s"),
                ("listeners", info.listeners.joined(separator: " ")),
                ("methods", "\(info.methods.count)"),
                ("connections", "\(counters.connectionsOpen) open, \(counters.connectionsTotal) total"),
                ("requests", "\(counters.requestsTotal)"),
                ("streams open", "\(counters.streamsOpen)"),
                ("cancelled", "\(counters.streamsCancelled)"),
                ("deadlines exceeded", "\(counters.deadlinesExceeded)"),
                ("protocol errors", "\(counters.protocolErrors)"),
                ("journal", journal.available ? "connected" : "reconnecting to PostgreSQL"),
                ("commits", "\(journal.transactionsCommitted) transactions, \(journal.eventsCommitted) events ("
                    + String(format: "%.1f events and %.2f ms per commit", perCommit, commitMillis) + ")"),
                ("journal failures", "\(journal.batchesFailed) batches failed, \(journal.connectionsLost) connections lost, "
                    + "\(journal.batchesQueued) queued"),
            ]
        }
    }
}
