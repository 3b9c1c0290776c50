public import GRPCCore
import GRPCProtobuf

extension GRPCClient {
    /// Calls `method` with one message and returns its answer (throws its status
    /// if it failed): what the generated client's sugared method does.
    public func call<Method: UnaryMethod>(_ method: Method.Type, _ message: Method.Input, options: CallOptions) async throws -> Method.Output {
        try await unary(
            request: ClientRequest(message: message),
            descriptor: Method.descriptor,
            serializer: ProtobufSerializer<Method.Input>(),
            deserializer: ProtobufDeserializer<Method.Output>(),
            options: options
        ) { response in try response.message }
    }
}
