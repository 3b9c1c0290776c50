import OMSProto
public import OMSRPC
import OMSWire

/// oms.v1.Health: Check answers from memory on the I/O thread; Watch streams changes.
public struct HealthService: RPCService {
    let registry: HealthRegistry

    public init(registry: HealthRegistry) {
        self.registry = registry
    }

    public func register(in router: inout RPCRouter) {
        router.unaryInline("oms.v1.Health/Check") { (request: Oms_V1_HealthCheckRequest, _) throws(RPCError) in
            guard let entry = registry.status(of: request.component) else {
                throw RPCError(.notFound, "unknown component '\(request.component)'")
            }
            return response(request.component, entry)
        }
        router.serverStreaming("oms.v1.Health/Watch") {
            (request: Oms_V1_HealthCheckRequest, _, writer: ResponseWriter<Oms_V1_HealthCheckResponse>) in
            guard registry.status(of: request.component) != nil else {
                throw RPCError(.notFound, "unknown component '\(request.component)'")
            }
            for await entry in registry.watch(request.component) {
                try writer.send(response(request.component, entry))
            }
            // The sequence only ends when the task is cancelled (client gone, deadline).
            throw CancellationError()
        }
    }

    private func response(_ component: String, _ entry: HealthRegistry.Entry) -> Oms_V1_HealthCheckResponse {
        var response = Oms_V1_HealthCheckResponse()
        response.component = component
        response.status = entry.status
        response.reason = entry.reason
        return response
    }
}
