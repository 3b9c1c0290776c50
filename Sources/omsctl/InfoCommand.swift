import ArgumentParser
import Foundation
import OMSClient
import OMSProto

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
            ] + (info.hasJournal ? Self.journalRows(info.journal) : [])
        }
    }

    /// Group commit since start: how many events a commit carries and how long it takes.
    private static func journalRows(_ journal: Oms_V1_JournalCounters) -> [(String, String)] {
        let transactions = Double(max(journal.transactionsCommitted, 1))
        let perCommit = Double(journal.eventsCommitted) / transactions
        let commitMillis = Double(journal.commitMicros) / transactions / 1000
        return [
            ("journal", journal.available ? "connected" : "reconnecting to PostgreSQL"),
            ("commits", "\(journal.transactionsCommitted) transactions, \(journal.eventsCommitted) events ("
                + String(format: "%.1f events and %.2f ms per commit", perCommit, commitMillis) + ")"),
            ("journal failures", "\(journal.batchesFailed) batches failed, \(journal.connectionsLost) connections lost, "
                + "\(journal.batchesQueued) queued"),
        ]
    }
}
