/// A byte stream to a server. The NIO transport (Unix socket, TCP) and the
/// in-process transport used by tests both implement it; everything above
/// (framing, streams, deadlines) is shared.
public protocol ClientTransport: Sendable {
    /// Opens the byte stream; `receiver` is given what the server sends, in order.
    func connect(receiver: any ClientByteReceiver) async throws -> any ClientByteChannel
}

public protocol ClientByteReceiver: Sendable {
    func received(_ bytes: [UInt8])
    /// The stream ended (server closed, network error).
    func closed()
}

public protocol ClientByteChannel: Sendable {
    /// Queues bytes for sending; calls from many threads may be coalesced into one write.
    func write(_ bytes: [UInt8])
    func close()
}
