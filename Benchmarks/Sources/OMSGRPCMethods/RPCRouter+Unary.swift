public import GRPCCore
import GRPCProtobuf

extension RPCRouter {
    /// Serves `method` with a handler of one message in, one out: what the
    /// generated `SimpleServiceProtocol` does, with the protobuf coders.
    public mutating func registerUnary<Method: UnaryMethod>(
        _ method: Method.Type, _ handler: @escaping @Sendable (Method.Input, ServerContext) async throws -> Method.Output
    ) {
        registerHandler(
            forMethod: Method.descriptor,
            deserializer: ProtobufDeserializer<Method.Input>(),
            serializer: ProtobufSerializer<Method.Output>()
        ) { request, context in
            let single = try await ServerRequest(stream: request)
            let answer = try await handler(single.message, context)
            return StreamingServerResponse(single: ServerResponse(message: answer))
        }
    }
}
