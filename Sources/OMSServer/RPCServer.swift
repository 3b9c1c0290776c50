import Foundation
public import Logging
import NIOCore
import NIOConcurrencyHelpers
public import NIOPosix
public import OMSRPC
public import OMSWire

/// Where the daemon listens and how connections behave.
public struct ServerConfiguration: Sendable {
    /// Unix socket path; nil for none.
    public var unixSocketPath: String?
    /// File mode of the Unix socket: owner and group may connect.
    public var unixSocketMode: mode_t = 0o660
    /// TCP host and port; nil for none. Port 0 picks a free port.
    public var tcp: (host: String, port: Int)?
    public var connection = ServerConnectionStateMachine.Configuration()

    public init(unixSocketPath: String? = nil, tcp: (host: String, port: Int)? = nil) {
        self.unixSocketPath = unixSocketPath
        self.tcp = tcp
    }
}

/// The NIO listeners: accept connections on Unix and TCP sockets and run each
/// through a `ServerConnection` on its event loop.
public final class RPCServer: Sendable {
    private let router: RPCRouter
    private let configuration: ServerConfiguration
    private let counters: ServerCounters
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let registry = ConnectionRegistry()
    private let channels = NIOLockedValueBox<[any Channel]>([])

    public init(
        router: RPCRouter,
        configuration: ServerConfiguration,
        counters: ServerCounters,
        group: MultiThreadedEventLoopGroup,
        logger: Logger
    ) {
        self.router = router
        self.configuration = configuration
        self.counters = counters
        self.group = group
        self.logger = logger
    }

    /// Binds every configured listener; returns their addresses ("unix:/path", "tcp:127.0.0.1:7070").
    public func start() async throws -> [String] {
        var listeners: [String] = []
        if let path = configuration.unixSocketPath {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let channel = try await bootstrap(peer: { _ in "unix" })
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
            guard chmod(path, configuration.unixSocketMode) == 0 else {
                throw RPCError(.internal, "cannot set mode of \(path): errno \(errno)")
            }
            channels.withLockedValue { $0.append(channel) }
            listeners.append("unix:\(path)")
        }
        if let tcp = configuration.tcp {
            let channel = try await bootstrap(peer: { "tcp:\($0.remoteAddress?.description ?? "?")" })
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: tcp.host, port: tcp.port).get()
            channels.withLockedValue { $0.append(channel) }
            listeners.append("tcp:\(tcp.host):\(channel.localAddress?.port ?? tcp.port)")
        }
        return listeners
    }

    /// Stops accepting, sends GOAWAY on every connection, waits up to `grace`
    /// for open streams to finish, then closes what is left.
    public func shutdown(grace: Duration = .seconds(5)) async {
        let listening = channels.withLockedValue { channels in
            defer { channels.removeAll() }
            return channels
        }
        for channel in listening { try? await channel.close() }
        for connection in registry.all { connection.shutdown() }
        let deadline = ContinuousClock.now + grace
        while !registry.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if let path = configuration.unixSocketPath { unlink(path) }
    }

    private func bootstrap(peer: @escaping @Sendable (any Channel) -> String) -> ServerBootstrap {
        let router = self.router
        let connection = configuration.connection
        let counters = self.counters
        let registry = self.registry
        let logger = self.logger
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RPCChannelHandler(
                        router: router,
                        configuration: connection,
                        counters: counters,
                        registry: registry,
                        peer: peer(channel),
                        logger: logger
                    ))
                }
            }
    }
}
