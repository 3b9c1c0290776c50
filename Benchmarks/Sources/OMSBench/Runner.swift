import LoadKit
import OMSClient

/// omsbench's callers: a scenario's calls over OMSClient connections
/// (the loop itself is LoadKit's, shared with the grpc-swift-2 baseline).
struct Runner {
    typealias Outcome = LoadOutcome

    let scenario: any Scenario
    let clients: [OMSClient]
    let depth: Int
    let warmup: Duration
    let duration: Duration
    let daemonPID: Int32?
    /// More processes whose CPU counts as the daemon's (its PostgreSQL server).
    let extraPIDs: [Int32]
    /// Calls per second for a paced run; nil for a closed loop.
    let rate: Double?

    func run() async -> Outcome {
        let scenario = self.scenario
        return await CallerLoop(
            connections: clients, depth: depth, warmup: warmup, duration: duration, daemonPID: daemonPID, extraPIDs: extraPIDs, rate: rate,
            sleep: EventLoopExecution.sleep(until:)
        ).run(
            operation: { worker, n in scenario.operation(worker: worker, n: n) },
            errorCode: Self.code(of:),
            call: { client, worker, n in try await scenario.call(client: client, worker: worker, n: n) })
    }

    @Sendable static func code(of error: any Error) -> String {
        if let rpc = error as? RPCError { return rpc.code.description }
        return "CLIENT_\(type(of: error))"
    }
}
