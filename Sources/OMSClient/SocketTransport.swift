import NIOCore
import NIOPosix
import Synchronization

/// Unix-socket or TCP transport on SwiftNIO.
public struct SocketTransport: ClientTransport {
    public enum Address: Sendable {
        case unix(path: String)
        case tcp(host: String, port: Int)
    }

    let address: Address
    let group: any EventLoopGroup

    public init(_ address: Address) {
        self.init(address: address, group: MultiThreadedEventLoopGroup.singleton)
    }

    init(address: Address, group: any EventLoopGroup) {
        self.address = address
        self.group = group
    }

    public func connect(receiver: any ClientByteReceiver) async throws -> any ClientByteChannel {
        let bootstrap = ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ReceiveHandler(receiver: receiver))
                }
            }
        let channel: any Channel
        switch address {
        case .unix(let path):
            channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
        case .tcp(let host, let port):
            channel = try await bootstrap
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port).get()
        }
        return CoalescingChannel(channel: channel)
    }
}

/// Hands received bytes to the connection.
private final class ReceiveHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let receiver: any ClientByteReceiver

    init(receiver: any ClientByteReceiver) {
        self.receiver = receiver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receiver.received(Array(unwrapInboundIn(data).readableBytesView))
    }

    func channelInactive(context: ChannelHandlerContext) {
        receiver.closed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Collects the writes of many concurrent calls and sends them in one flush
/// per event-loop tick, instead of one system call per request.
private final class CoalescingChannel: ClientByteChannel {
    let channel: any Channel
    private let pending = Mutex<[UInt8]>([])

    init(channel: any Channel) {
        self.channel = channel
    }

    func write(_ bytes: [UInt8]) {
        let firstInBatch = pending.withLock { pending in
            defer { pending.append(contentsOf: bytes) }
            return pending.isEmpty
        }
        guard firstInBatch else { return }
        channel.eventLoop.execute { [self] in
            let batch = pending.withLock { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            channel.writeAndFlush(channel.allocator.buffer(bytes: batch), promise: nil)
        }
    }

    func close() {
        channel.close(promise: nil)
    }
}
