import OMSClient
import Synchronization

/// Order status queries under a concurrent submit load: half of the callers
/// submit new orders, the other half ask for the status of orders already
/// taken in (OrderService/Get by id, served from memory). Latencies are kept
/// per operation, so "status" is the query latency under that load.
struct OrderIntakeScenario: Scenario {
    static let name = "order-intake"
    static let summary = "half the callers Submit orders, half Get the status of submitted ones (set-up: 1,000 orders)"

    let options: ScenarioOptions
    private let known = KnownOrders()

    init(options: ScenarioOptions) {
        self.options = options
    }

    func setUp(client: OMSClient) async throws {
        try await known.submit(1_000, client: client, options: options, prefix: "setup")
    }

    func operation(worker: Int, n: Int) -> String {
        worker.isMultiple(of: 2) ? "submit" : "status"
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        if worker.isMultiple(of: 2) {
            _ = try await client.submitOrder(
                plant: options.plant, item: options.item, external: "\(options.runID)-w\(worker)-\(n)",
                timeout: options.callTimeout)
        } else {
            let id = known.ids.withLock { $0.isEmpty ? "" : $0[(worker &* 7_919 &+ n) % $0.count] }
            try await client.orderStatus(id: id, timeout: options.callTimeout)
        }
    }
}

/// The ids taken in during set-up, shared by every caller.
final class KnownOrders: Sendable {
    let ids = Mutex<[String]>([])

    /// Submits `count` orders one after the other (keys `<run>-<prefix>-<n>`) and keeps their ids.
    func submit(_ count: Int, client: OMSClient, options: ScenarioOptions, prefix: String) async throws {
        var submitted: [String] = []
        for n in 0..<count {
            submitted.append(try await client.submitOrder(
                plant: options.plant, item: options.item, external: "\(options.runID)-\(prefix)-\(n)",
                timeout: options.callTimeout))
        }
        ids.withLock { $0 = submitted }
    }
}
