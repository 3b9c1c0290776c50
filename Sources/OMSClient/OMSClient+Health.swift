import Foundation

extension OMSClient {
    /// oms.v1.Health/Check: is the daemon (or a component) serving?
    public func checkHealth(component: String = "", options: CallOptions = CallOptions()) async throws -> Oms_V1_HealthCheckResponse {
        var request = Oms_V1_HealthCheckRequest()
        request.component = component
        return try await unary("oms.v1.Health/Check", request, options: options)
    }

    /// oms.v1.Health/Watch: the current status, then every change.
    public func watchHealth(component: String = "", options: CallOptions = CallOptions()) -> ServerStreamResponses<Oms_V1_HealthCheckResponse> {
        var request = Oms_V1_HealthCheckRequest()
        request.component = component
        return serverStream("oms.v1.Health/Watch", request, options: options)
    }

    /// oms.v1.ServerService/Info: version, listeners, methods and counters.
    public func serverInfo(options: CallOptions = CallOptions()) async throws -> Oms_V1_ServerInfoResponse {
        try await unary("oms.v1.ServerService/Info", Oms_V1_ServerInfoRequest(), options: options)
    }

    /// oms.v1.ServerService/Ping: echoes `payload`.
    public func ping(_ payload: [UInt8] = [], options: CallOptions = CallOptions()) async throws -> [UInt8] {
        var request = Oms_V1_PingRequest()
        request.payload = Data(payload)
        return Array(try await unary("oms.v1.ServerService/Ping", request, as: Oms_V1_PingResponse.self, options: options).payload)
    }
}
