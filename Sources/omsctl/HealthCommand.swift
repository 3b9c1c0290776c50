import ArgumentParser
import OMSClient

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Is the daemon serving? Exits non-zero if not."
    )

    @OptionGroup var daemon: DaemonOptions

    @Argument(help: "A component ('store', 'plant/P1'); empty for the daemon as a whole.")
    var component: String = ""

    func run() async throws {
        let client = try await daemon.connect()
        defer { client.close() }
        let health = try await client.checkHealth(component: component)
        try Output.print(health, format: daemon.output) {
            [
                ("component", health.component.isEmpty ? "(daemon)" : health.component),
                ("status", "\(health.status)"),
            ] + (health.reason.isEmpty ? [] : [("reason", health.reason)])
        }
        if health.status != .serving { throw ExitCode(1) }
    }
}
