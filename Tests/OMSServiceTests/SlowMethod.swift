import Foundation
import OMSProto
import OMSRPC
import Synchronization

/// A test-only method that waits until it is cancelled, and counts what happened to it.
final class SlowMethod: Sendable {
    static let name = "test.Slow/Wait"
    private let counts = Mutex((started: 0, cancelled: 0))

    var started: Int { counts.withLock { $0.started } }
    var cancelled: Int { counts.withLock { $0.cancelled } }

    func register(in router: inout RPCRouter) {
        router.unary(Self.name) { [self] (_: Oms_V1_PingRequest, _) async throws -> Oms_V1_PingResponse in
            counts.withLock { $0.started += 1 }
            do {
                try await Task.sleep(for: .seconds(120))
            } catch {
                counts.withLock { $0.cancelled += 1 }
                throw error
            }
            return Oms_V1_PingResponse()
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes; tests then assert on it.
/// The bound is generous: the suites run in parallel with the daemon load
/// tests on two shared cores, and it only bounds a wait, it measures nothing.
/// Handlers run on the concurrency pool (two threads here), which the
/// synchronous property suites hold for most of the first minute of a run:
/// eight handlers once took more than 30 s to start in CI.
func eventually(timeout: Duration = .seconds(120), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
