import ArgumentParser
import Foundation
import Logging
import NIOCore
import OMSDaemon
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

    @Option(help: "Data directory; the embedded PostgreSQL cluster lives here (default: $STATE_DIRECTORY, /var/lib/omsd as root, else ~/.local/share/omsd).")
    var dataDir: String?

    @Option(help: "Use this PostgreSQL server (libpq connection string or postgresql:// URL) instead of the embedded one. Default: $OMS_DATABASE_URL.")
    var databaseURL: String?

    @Option(help: "Snapshot a plant's state every this many journal events, or as many as the last snapshot held records if more (recovery replays only the events after it).")
    var snapshotEvery: Int64 = DaemonConfiguration.defaultSnapshotInterval

    @Option(help: "Seconds a reservation made without expires_at (and not firm) holds its stock before it expires; 0 = until released.")
    var reservationHoldSeconds: Double = 0

    @Option(help: """
        Hours an inventory mutation's idempotency key is kept after its first use (a retry within them gets the first answer), \
        and a closed reservation after it closed (then only the reservation_lines table has it); 0 = forever.
        """)
    var idempotencyRetentionHours: Double = 24

    @Flag(help: "Commit each command in a transaction of its own (benchmark baseline; slower).")
    var transactionPerCommand = false

    @Option(help: "File of accepted auth tokens, one per line as 'TOKEN [PRINCIPAL [ROLE,...]]' (role 'planner': acts on every principal's reservations). Without it, every caller who can reach a socket is trusted.")
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

        // docs/PROTOCOL.md promises clients that every server accepts frames of at least this size.
        guard maxFrameSize >= ProtocolVersion.minimumMaxFrameSize else {
            throw ValidationError("--max-frame-size must be at least \(ProtocolVersion.minimumMaxFrameSize) bytes")
        }
        var configuration = ServerConfiguration(unixSocketPath: socket ?? DefaultPaths.socket())
        configuration.tcp = try parseTCP(tcp)
        configuration.connection.maxFrameSize = maxFrameSize
        configuration.connection.maxConcurrentStreams = maxConcurrentStreams
        configuration.connection.agent = "omsd/\(OMSVersionString)"

        var daemonConfiguration = DaemonConfiguration(
            server: configuration,
            dataDirectory: dataDir ?? DefaultPaths.dataDirectory(),
            databaseURL: databaseURL ?? ProcessInfo.processInfo.environment["OMS_DATABASE_URL"],
            ioThreads: ioThreads
        )
        daemonConfiguration.transactionPerCommand = transactionPerCommand
        daemonConfiguration.snapshotInterval = snapshotEvery
        // Ten years at most: an expiry must stay a storable time.
        guard reservationHoldSeconds >= 0, reservationHoldSeconds <= 315_360_000 else {
            throw ValidationError("--reservation-hold-seconds must be between 0 and 315360000 (ten years)")
        }
        daemonConfiguration.reservationHold = reservationHoldSeconds > 0 ? reservationHoldSeconds : nil
        guard idempotencyRetentionHours >= 0, idempotencyRetentionHours <= 87_600 else {
            throw ValidationError("--idempotency-retention-hours must be between 0 and 87600 (ten years)")
        }
        daemonConfiguration.keyRetention = idempotencyRetentionHours > 0 ? idempotencyRetentionHours * 3_600 : nil
        // Fault-injection hook for the crash-between-steps test of transfers (ADR 0009).
        daemonConfiguration.skipsTransferInboundStep =
            ProcessInfo.processInfo.environment["OMSD_FAULT_SKIP_TRANSFER_INBOUND"] == "1"

        let signals = ShutdownSignals()
        let daemon = try await Daemon(configuration: daemonConfiguration, auth: try authPolicy(), logger: logger)
        logger.info("omsd \(OMSVersionString) ready")
        // One line on stdout when ready: supervisors and tests wait for it.
        FileHandle.standardOutput.write(Data("omsd ready: \(daemon.listeners.joined(separator: " "))\n".utf8))

        let signal = await signals.next()
        logger.notice("received \(signal), shutting down")
        await daemon.shutdown()
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
        // Lines: TOKEN [PRINCIPAL [ROLE,ROLE...]]; "#" starts a comment line.
        var principals: [String: String] = [:]
        var roles: [String: Set<String>] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let token = fields.first, !token.hasPrefix("#") else { continue }
            principals[token] = fields.count > 1 ? fields[1] : token
            if fields.count > 2 { roles[token] = Set(fields[2].split(separator: ",").map(String.init)) }
        }
        guard !principals.isEmpty else { throw ValidationError("\(authTokenFile) holds no tokens") }
        return StaticTokenAuth(principals: principals, roles: roles)
    }
}
