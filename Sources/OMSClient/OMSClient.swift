@_exported public import OMSProto
@_exported public import OMSWire
public import SwiftProtobuf

/// An async client for omsd: connect by Unix socket path or host and port,
/// make unary calls, consume server streams. Many calls may be in flight on
/// one client at once; it is safe to share between tasks.
public final class OMSClient: Sendable {
    public enum Endpoint: Sendable {
        case unix(path: String)
        case tcp(host: String, port: Int)
        /// Any other byte stream (the in-process transport in tests).
        case transport(any ClientTransport)
    }

    private let connection: ClientConnection

    private init(connection: ClientConnection) {
        self.connection = connection
    }

    /// Connects and negotiates the protocol version.
    public static func connect(to endpoint: Endpoint, options: ConnectionOptions = ConnectionOptions()) async throws -> OMSClient {
        let connection = ClientConnection(options: options)
        do {
            try await connection.start(transport: endpoint.transport)
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError(.unavailable, "cannot connect: \(error)")
        }
        return OMSClient(connection: connection)
    }

    /// What the server announced in its HELLO (version, limits).
    public var serverHello: Oms_V1_Hello { connection.serverHello }

    /// Calls a unary method. Throws `RPCError` with the server's status, or
    /// CANCELLED / DEADLINE_EXCEEDED when the call is given up locally.
    public func unary<Request: Message, Response: Message>(
        _ method: String,
        _ request: Request,
        as: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) async throws -> Response {
        let bytes = try await unaryBytes(method, serialize(request), options: options)
        do {
            return try Response(serializedBytes: bytes)
        } catch {
            throw RPCError(.internal, "response is not a valid \(Response.protoMessageName)")
        }
    }

    /// A unary call on raw message bytes.
    public func unaryBytes(_ method: String, _ request: [UInt8], options: CallOptions = CallOptions()) async throws -> [UInt8] {
        let call = CallHandle(sink: .unary)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                call.attach(continuation)
                // Open after attaching, so a result never waits for a continuation.
                if !call.isCompleted {
                    connection.open(call, method: method, message: request, options: options)
                }
            }
        } onCancel: {
            connection.abandon(call, with: RPCError(.cancelled, "call cancelled by the client"))
        }
    }

    /// Calls a server-streaming method. Iterating yields each response; the
    /// sequence ends with the stream, or throws its error status. Ending the
    /// iteration early (break, task cancelled) cancels the stream on the server.
    public func serverStream<Request: Message, Response: Message>(
        _ method: String,
        _ request: Request,
        as: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) -> ServerStreamResponses<Response> {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let call = CallHandle(sink: .stream(continuation))
        continuation.onTermination = { [connection] termination in
            if case .cancelled = termination {
                connection.abandon(call, with: RPCError(.cancelled, "stream cancelled by the client"))
            }
        }
        connection.open(call, method: method, message: serialize(request), options: options)
        return ServerStreamResponses(bytes: stream)
    }

    /// Closes the connection; calls still open fail with CANCELLED.
    public func close() {
        connection.close()
    }
}

extension OMSClient.Endpoint {
    /// The byte stream this endpoint names.
    public var transport: any ClientTransport {
        switch self {
        case .unix(let path): return SocketTransport(.unix(path: path))
        case .tcp(let host, let port): return SocketTransport(.tcp(host: host, port: port))
        case .transport(let custom): return custom
        }
    }
}

/// The responses of a server stream, decoded as they are read.
public struct ServerStreamResponses<Response: Message>: AsyncSequence, Sendable {
    public typealias Element = Response
    let bytes: AsyncThrowingStream<[UInt8], any Error>

    public struct AsyncIterator: AsyncIteratorProtocol {
        var inner: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator

        public mutating func next() async throws -> Response? {
            guard let message = try await inner.next() else { return nil }
            do {
                return try Response(serializedBytes: message)
            } catch {
                throw RPCError(.internal, "stream message is not a valid \(Response.protoMessageName)")
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(inner: bytes.makeAsyncIterator())
    }
}
