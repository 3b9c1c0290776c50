import Logging
import NIOCore
import OMSRPC
import OMSWire

/// Feeds a channel's bytes to its `ServerConnection`; one handler per channel.
final class RPCChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let router: RPCRouter
    private let configuration: ServerConnectionStateMachine.Configuration
    private let counters: ServerCounters
    private let registry: ConnectionRegistry
    private let peer: String
    private let logger: Logger
    private var connection: ServerConnection?

    init(
        router: RPCRouter,
        configuration: ServerConnectionStateMachine.Configuration,
        counters: ServerCounters,
        registry: ConnectionRegistry,
        peer: String,
        logger: Logger
    ) {
        self.router = router
        self.configuration = configuration
        self.counters = counters
        self.registry = registry
        self.peer = peer
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        let connection = ServerConnection(
            router: router,
            configuration: configuration,
            executor: EventLoopExecutor(eventLoop: context.eventLoop),
            output: ChannelOutput(channel: context.channel),
            counters: counters,
            peer: peer,
            logger: logger
        )
        self.connection = connection
        registry.add(connection)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        connection?.receive(buffer.readableBytesView)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let connection {
            connection.inputClosed()
            registry.remove(connection)
            self.connection = nil
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error: \(error)", metadata: ["peer": "\(peer)"])
        context.close(promise: nil)
    }
}
