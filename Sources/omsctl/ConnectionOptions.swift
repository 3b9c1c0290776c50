import ArgumentParser
import Foundation
import OMSClient

/// Where and how to reach the daemon; shared by every command that connects.
struct DaemonOptions: ParsableArguments {
    @Option(help: "Unix socket of the daemon (default: $OMS_SOCKET, then omsd's default path).")
    var socket: String?

    @Option(help: "Reach the daemon over TCP instead, as HOST:PORT.")
    var host: String?

    @Option(help: "Auth token (default: $OMS_TOKEN).")
    var token: String?

    @Option(help: "Seconds to wait for an answer.")
    var timeout: Double = 10

    @Option(help: "Output format: table or json.")
    var output: OutputFormat = .table

    func connect() async throws -> OMSClient {
        let environment = ProcessInfo.processInfo.environment
        let endpoint: OMSClient.Endpoint
        if let host {
            guard let colon = host.lastIndex(of: ":"), let port = Int(host[host.index(after: colon)...]) else {
                throw ValidationError("--host takes HOST:PORT, got '\(host)'")
            }
            endpoint = .tcp(host: String(host[..<colon]), port: port)
        } else {
            endpoint = .unix(path: socket ?? environment["OMS_SOCKET"] ?? Self.defaultSocket())
        }
        let options = ConnectionOptions(
            agent: "omsctl",
            authToken: token ?? environment["OMS_TOKEN"] ?? "",
            defaultTimeout: .milliseconds(Int64(timeout * 1000))
        )
        return try await OMSClient.connect(to: endpoint, options: options)
    }

    /// The daemon's own default, so both agree without configuration.
    static func defaultSocket() -> String {
        let environment = ProcessInfo.processInfo.environment
        if getuid() == 0 { return "/run/omsd/omsd.sock" }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { return "\(runtime)/omsd/omsd.sock" }
        return "/tmp/omsd-\(getuid())/omsd.sock"
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}
