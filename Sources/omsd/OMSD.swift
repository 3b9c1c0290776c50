import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import OMSRPC
import OMSServer
import OMSServices
import OMSWire

@main
struct OMSD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "omsd",
        abstract: "The omsd order-management daemon."
    )

    @Option(help: "Unix socket path (default: $RUNTIME_DIRECTORY/omsd.sock, /run/omsd/omsd.sock as root, else $XDG_RUNTIME_DIR/omsd/omsd.sock).")
    var socket: String?

    @Option(help: "TCP listener as HOST:PORT, or 'off'. Port 0 picks a free port.")
    var tcp: String = "off"

    @Option(help: "File of accepted auth tokens, one per line. Without it, every caller who can reach a socket is trusted.")
    var authTokenFile: String?

    @Option(help: "Largest accepted frame payload, in bytes.")
    var maxFrameSize: Int = 4 << 20

    @Option(help: "Most streams open at once per connection.")
    var maxConcurrentStreams: Int = 10_000

    @Option(help: "Event-loop threads for the sockets.")
    var ioThreads: Int = System.coreCount

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        var logger = Logger(label: "omsd")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        var configuration = ServerConfiguration(unixSocketPath: socket ?? DefaultPaths.socket())
        configuration.tcp = try parseTCP(tcp)
        configuration.connection.maxFrameSize = maxFrameSize
        configuration.connection.maxConcurrentStreams = maxConcurrentStreams
        configuration.connection.agent = "omsd/\(OMSVersionString)"

        let counters = ServerCounters()
        let environment = ServerEnvironment()
        let router = RPCRouter.standard(
            health: HealthRegistry(),
            environment: environment,
            counters: counters,
            auth: try authPolicy()
        )
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, ioThreads))
        let server = RPCServer(router: router, configuration: configuration, counters: counters, group: group, logger: logger)
        let signals = ShutdownSignals()

        environment.listeners = try await server.start()
        logger.info("omsd \(OMSVersionString) serving \(router.methods.count) methods")
        // One line on stdout when ready: supervisors and tests wait for it.
        FileHandle.standardOutput.write(Data("omsd ready: \(environment.listeners.joined(separator: " "))\n".utf8))

        let signal = await signals.next()
        logger.notice("received \(signal), shutting down")
        await server.shutdown(grace: .seconds(5))
        try await group.shutdownGracefully()
    }

    private func parseTCP(_ value: String) throws -> (host: String, port: Int)? {
        guard value != "off" else { return nil }
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--tcp takes HOST:PORT or 'off', got '\(value)'")
        }
        return (String(value[..<colon]), port)
    }

    private func authPolicy() throws -> any AuthPolicy {
        guard let authTokenFile else { return AllowAll() }
        let text = try String(contentsOfFile: authTokenFile, encoding: .utf8)
        let tokens = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        guard !tokens.isEmpty else { throw ValidationError("\(authTokenFile) holds no tokens") }
        return StaticTokenAuth(tokens: tokens)
    }
}
