import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import OMSGRPCMethods
import OMSProto

typealias BaselineClient = GRPCClient<HTTP2ClientTransport.Posix>

/// omsbench's ping and status-query calls, made over grpc-swift-2 with the
/// same request messages.
struct GRPCScenario: Sendable {
    static let all = [
        "ping": "ServerService/Ping, 16-byte payload",
        "status-query": "InventoryService/Availability of one item (the server received 1000 of it at start)",
    ]

    let name: String
    let call: @Sendable (BaselineClient, CallOptions) async throws -> Void

    init?(name: String, plant: String, item: String) {
        self.name = name
        switch name {
        case "ping":
            let payload = Data(repeating: 0xA5, count: 16)
            call = { client, options in
                var request = Oms_V1_PingRequest()
                request.payload = payload
                _ = try await client.call(PingMethod.self, request, options: options)
            }
        case "status-query":
            call = { client, options in
                var request = Oms_V1_StockAvailabilityRequest()
                request.plantID = plant
                request.itemIds = [item]
                _ = try await client.call(AvailabilityMethod.self, request, options: options)
            }
        default:
            return nil
        }
    }
}
