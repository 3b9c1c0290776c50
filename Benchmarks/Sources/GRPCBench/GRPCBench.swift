import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import LoadKit

/// omsbench's closed loop against the grpc-swift-2 baseline (grpc-baseline):
/// one HTTP/2 connection per client, `depth` concurrent streams on each.
@main
struct GRPCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grpc-bench",
        abstract: "Load generator for grpc-baseline: closed-loop callers over grpc-swift-2 (HTTP/2, Unix socket).",
        discussion: "Scenarios: " + GRPCScenario.all.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    )

    @Option(help: "Scenario to run: ping or status-query.")
    var scenario: String

    @Option(help: "Client connections (one GRPCClient, one HTTP/2 connection each).")
    var connections = 4

    @Option(help: "Concurrent callers (streams) per connection, each in a closed loop.")
    var depth = 16

    @Option(help: "Measured seconds.")
    var duration = 10.0

    @Option(help: "Seconds of load before measuring.")
    var warmup = 2.0

    @Option(help: "grpc-baseline's Unix socket.")
    var socket: String

    @Option(help: "Also write the report as JSON (omsbench's format) to this file.")
    var json: String?

    @Option(help: "grpc-baseline's process id, to report its CPU time and RSS (Linux /proc).")
    var daemonPid: Int32?

    @Option(help: "Plant the status query asks about.")
    var plant = "P1"

    @Option(help: "Item the status query asks about.")
    var item = "BENCH-1"

    @Option(help: "Per-call timeout in seconds.")
    var timeout = 30.0

    func validate() throws {
        guard GRPCScenario.all[scenario] != nil else {
            throw ValidationError("unknown scenario '\(scenario)'; one of: \(GRPCScenario.all.keys.sorted().joined(separator: ", "))")
        }
        guard connections > 0, depth > 0, duration > 0, warmup >= 0 else {
            throw ValidationError("--connections and --depth must be positive, --duration positive, --warmup not negative")
        }
    }

    func run() async throws {
        // As omsbench does: callers on the event loops of their connections (same load generator, both servers).
        EventLoopExecution.install()
        guard let load = GRPCScenario(name: scenario, plant: plant, item: item) else { throw ExitCode.validationFailure }
        var clients: [BaselineClient] = []
        for _ in 0..<connections {
            let transport = try HTTP2ClientTransport.Posix(target: .unixDomainSocket(path: socket), transportSecurity: .plaintext)
            clients.append(GRPCClient(transport: transport))
        }
        let report = try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { try await client.runConnections() } }
            defer { clients.forEach { $0.beginGracefulShutdown() } }
            return try await measure(load, clients)
        }
        print(report.table(generator: "grpc-bench"))
        if let json {
            try report.json().write(to: URL(fileURLWithPath: json))
        }
        if report.ok == 0 { throw ExitCode.failure }
    }

    private func measure(_ load: GRPCScenario, _ clients: [BaselineClient]) async throws -> Report {
        // One call per connection before the clock starts: a server that is not there fails here, fast.
        var probe = CallOptions.defaults
        probe.timeout = .seconds(5)
        for client in clients { try await load.call(client, probe) }

        var options = CallOptions.defaults
        options.timeout = .milliseconds(Int(timeout * 1000))
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let outcome = await CallerLoop(
            connections: clients, depth: depth, warmup: .milliseconds(Int(warmup * 1000)),
            duration: .milliseconds(Int(duration * 1000)), daemonPID: daemonPid
        ).run(
            operation: { [scenario] _, _ in scenario },
            errorCode: Self.code(of:),
            call: { [options] client, _, _ in try await load.call(client, options) })
        return Report(
            scenario: scenario, endpoint: "grpc+unix:\(socket)", connections: connections, depth: depth, warmupSeconds: warmup,
            durationSeconds: duration, startedAt: startedAt, outcome: outcome, daemonPID: daemonPid)
    }

    /// A status as omsd's clients name it (UNAVAILABLE), anything else by its type.
    @Sendable private static func code(of error: any Error) -> String {
        guard let rpc = error as? RPCError else { return "CLIENT_\(type(of: error))" }
        return String(describing: rpc.code).reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
    }
}
