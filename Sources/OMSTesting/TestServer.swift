import Foundation
import Logging
import NIOPosix
public import OMSClient
public import OMSRPC
import OMSServer
public import OMSServices

/// The transports a service test body runs over.
public enum TransportKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case inProcess
    case unix
    case tcp

    public var description: String { rawValue }
}

/// A server with the daemon's standard router, reachable in-process or over a
/// real Unix socket or TCP port, so one test body can run over each.
public final class TestServer: Sendable {
    public let kind: TransportKind
    public let counters = ServerCounters()
    public let health = HealthRegistry()
    public let environment = ServerEnvironment()
    public let router: RPCRouter
    private let socketServer: RPCServer?
    private let endpoint: OMSClient.Endpoint

    public init(
        _ kind: TransportKind,
        configuration: ServerConnectionStateMachine.Configuration = .init(),
        auth: any AuthPolicy = AllowAll(),
        extra: (inout RPCRouter) -> Void = { _ in }
    ) async throws {
        self.kind = kind
        router = .standard(health: health, environment: environment, counters: counters, auth: auth, extra: extra)
        switch kind {
        case .inProcess:
            socketServer = nil
            endpoint = .transport(InProcessTransport(router: router, configuration: configuration, counters: counters))
        case .unix, .tcp:
            var serverConfiguration = ServerConfiguration()
            serverConfiguration.connection = configuration
            if kind == .unix {
                serverConfiguration.unixSocketPath = NSTemporaryDirectory() + "omsd-test-\(UUID().uuidString.prefix(8)).sock"
            } else {
                serverConfiguration.tcp = ("127.0.0.1", 0)
            }
            let server = RPCServer(
                router: router,
                configuration: serverConfiguration,
                counters: counters,
                group: MultiThreadedEventLoopGroup.singleton,
                logger: Logger(label: "omsd.test")
            )
            let listeners = try await server.start()
            environment.listeners = listeners
            socketServer = server
            endpoint = try Self.endpoint(of: listeners[0])
        }
    }

    /// The byte stream under the client, for tests that write frames by hand.
    public var transport: any ClientTransport { endpoint.transport }

    public func makeClient(options: ConnectionOptions = ConnectionOptions()) async throws -> OMSClient {
        try await OMSClient.connect(to: endpoint, options: options)
    }

    public func stop() async {
        await socketServer?.shutdown(grace: .seconds(2))
    }

    /// "unix:/path" or "tcp:host:port" as a client endpoint.
    public static func endpoint(of listener: String) throws -> OMSClient.Endpoint {
        if listener.hasPrefix("unix:") { return .unix(path: String(listener.dropFirst(5))) }
        let parts = listener.split(separator: ":")
        guard parts.count == 3, parts[0] == "tcp", let port = Int(parts[2]) else {
            throw RPCError(.invalidArgument, "not a listener address: \(listener)")
        }
        return .tcp(host: String(parts[1]), port: port)
    }
}
