public import OMSWire
public import SwiftProtobuf

/// Methods by fully qualified name ("oms.v1.Health/Check") and their handlers.
/// Built once at start-up, then shared read-only by every connection.
public struct RPCRouter: Sendable {
    /// The most general handler: it owns the stream and must finish it, from any thread, at any time.
    public typealias RawHandler = @Sendable (ServerRequest, ServerStream) -> Void

    private(set) var handlers: [String: RawHandler] = [:]
    public var auth: any AuthPolicy

    public init(auth: any AuthPolicy = AllowAll()) {
        self.auth = auth
    }

    public var methods: [String] { handlers.keys.sorted() }

    func handler(for method: String) -> RawHandler? { handlers[method] }

    public mutating func register(_ method: String, _ handler: @escaping RawHandler) {
        precondition(handlers[method] == nil, "method \(method) registered twice")
        handlers[method] = handler
    }

    public mutating func register(_ service: some RPCService) {
        service.register(in: &self)
    }

    /// A unary method answered on the I/O thread: for work that takes
    /// microseconds and never blocks (reads of in-memory state).
    public mutating func unaryInline<Request: Message, Response: Message>(
        _ method: String,
        _ body: @escaping @Sendable (Request, ServerContext) throws(RPCError) -> Response
    ) {
        register(method) { request, stream in
            do {
                let message: Request = try decodeRequest(request)
                stream.finish(response: serialize(try body(message, request.context)))
            } catch {
                stream.finish(error: error)
            }
        }
    }

    /// A unary method run as a task, so it may wait; cancelled when the client cancels or the deadline passes.
    public mutating func unary<Request: Message, Response: Message>(
        _ method: String,
        _ body: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) {
        register(method) { request, stream in
            let message: Request
            do { message = try decodeRequest(request) } catch { return stream.finish(error: error) }
            let task = Task {
                do {
                    stream.finish(response: serialize(try await body(message, request.context)))
                } catch {
                    stream.finish(error: error)
                }
            }
            stream.onCancel { task.cancel() }
        }
    }

    /// A server-streaming method run as a task; `writer` sends each response.
    public mutating func serverStreaming<Request: Message, Response: Message>(
        _ method: String,
        _ body: @escaping @Sendable (Request, ServerContext, ResponseWriter<Response>) async throws -> Void
    ) {
        register(method) { request, stream in
            let message: Request
            do { message = try decodeRequest(request) } catch { return stream.finish(error: error) }
            let task = Task {
                do {
                    try await body(message, request.context, ResponseWriter(stream: stream))
                    stream.finish(.ok)
                } catch {
                    stream.finish(error: error)
                }
            }
            stream.onCancel { task.cancel() }
        }
    }
}

/// A group of methods registered together.
public protocol RPCService: Sendable {
    func register(in router: inout RPCRouter)
}

/// Typed sending side of a server stream.
public struct ResponseWriter<Response: Message>: Sendable {
    let stream: ServerStream

    /// Sends one message; throws CancellationError once the client is gone.
    public func send(_ response: Response) throws {
        guard stream.send(serialize(response)) else { throw CancellationError() }
    }

    public var isCancelled: Bool { stream.isCancelled }

    /// Waits until the client has room for more (see `ServerStream.waitForRoom`).
    public func waitForRoom() async throws {
        try await stream.waitForRoom()
    }
}

/// The request message of a call: INVALID_ARGUMENT when it does not decode,
/// or breaks `InputLimits` (strings, lists, the NUL character).
public func decodeRequest<Request: Message>(_ request: ServerRequest) throws(RPCError) -> Request {
    let message: Request
    do {
        message = try Request(serializedBytes: request.message)
    } catch {
        throw RPCError(.invalidArgument, "request is not a valid \(Request.protoMessageName)")
    }
    if let problem = message.inputProblem { throw problem }
    return message
}
