import Foundation
import OMSCore
import OMSProto
public import OMSRPC
import OMSWire
import SwiftProtobuf

/// oms.v1.ServerService: Info (what this daemon is and how it is doing) and Ping (echo).
public struct ServerInfoService: RPCService {
    let environment: ServerEnvironment
    let counters: ServerCounters

    public init(environment: ServerEnvironment, counters: ServerCounters) {
        self.environment = environment
        self.counters = counters
    }

    public func register(in router: inout RPCRouter) {
        router.unaryInline("oms.v1.ServerService/Info") { (_: Oms_V1_ServerInfoRequest, _) throws(RPCError) in
            info()
        }
        router.unaryInline("oms.v1.ServerService/Ping") { (request: Oms_V1_PingRequest, _) throws(RPCError) in
            guard request.payload.count <= 64 << 10 else {
                throw RPCError.invalidArgument(field: "payload", "at most 65536 bytes, got \(request.payload.count)")
            }
            var response = Oms_V1_PingResponse()
            response.payload = request.payload
            return response
        }
    }

    private func info() -> Oms_V1_ServerInfoResponse {
        var info = Oms_V1_ServerInfoResponse()
        info.version = OMSVersion.string
        info.protocolMinVersion = ProtocolVersion.supported.lowerBound
        info.protocolMaxVersion = ProtocolVersion.supported.upperBound
        info.startedAt = Google_Protobuf_Timestamp(date: environment.startedAt)
        info.uptimeMicros = UInt64(max(0, Date().timeIntervalSince(environment.startedAt) * 1_000_000))
        info.listeners = environment.listeners
        info.methods = environment.methods
        info.hostname = ProcessInfo.processInfo.hostName
        info.pid = UInt32(ProcessInfo.processInfo.processIdentifier)
        var snapshot = Oms_V1_ServerCounters()
        snapshot.connectionsOpen = counters.value(\.connectionsOpen)
        snapshot.connectionsTotal = counters.value(\.connectionsTotal)
        snapshot.streamsOpen = counters.value(\.streamsOpen)
        snapshot.requestsTotal = counters.value(\.requestsTotal)
        snapshot.streamsCancelled = counters.value(\.streamsCancelled)
        snapshot.deadlinesExceeded = counters.value(\.deadlinesExceeded)
        snapshot.protocolErrors = counters.value(\.protocolErrors)
        info.counters = snapshot
        if let journal = environment.journalCounters { info.journal = journal() }
        return info
    }
}
