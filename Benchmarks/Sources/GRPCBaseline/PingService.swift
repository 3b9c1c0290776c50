import GRPCCore
import OMSGRPCMethods
import OMSProto

/// oms.v1.ServerService/Ping as omsd serves it: the payload echoed, at most 64 KiB.
struct PingService: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerUnary(PingMethod.self) { request, _ in
            guard request.payload.count <= 64 << 10 else {
                throw RPCError(code: .invalidArgument, message: "payload: at most 65536 bytes, got \(request.payload.count)")
            }
            var response = Oms_V1_PingResponse()
            response.payload = request.payload
            return response
        }
    }
}
