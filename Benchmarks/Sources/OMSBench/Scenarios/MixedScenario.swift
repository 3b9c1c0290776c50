import OMSClient
import Synchronization

/// WMS services reserving and releasing while planners query status: each
/// caller cycles reserve, availability, release (of its own last
/// reservation), availability. Latencies are kept per operation.
struct MixedScenario: Scenario {
    static let name = "mixed"
    static let summary = "cycle of Reserve, Availability, Release, Availability per caller (set-up: Receive 10^12 units)"

    let options: ScenarioOptions
    /// Each caller's reservation still to release, by worker.
    private let held = HeldReservations()

    init(options: ScenarioOptions) {
        self.options = options
    }

    func setUp(client: OMSClient) async throws {
        try await client.receiveStock(plant: options.plant, item: options.item, quantity: unlimitedStock, timeout: options.callTimeout)
    }

    func operation(worker: Int, n: Int) -> String {
        switch n % 4 {
        case 0: "reserve"
        case 2: "release"
        default: "availability"
        }
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        let key = "\(options.runID)-w\(worker)-\(n)"
        switch n % 4 {
        case 0:
            let id = try await client.reserveStock(
                plant: options.plant, item: options.item, quantity: "1", key: key, timeout: options.callTimeout)
            held.put(id, worker: worker)
        case 2:
            // Nothing to release when this caller's reserve failed: a query instead keeps the loop closed.
            guard let id = held.take(worker: worker) else {
                try await client.availability(plant: options.plant, item: options.item, timeout: options.callTimeout)
                return
            }
            try await client.releaseReservation(id: id, key: key, timeout: options.callTimeout)
        default:
            try await client.availability(plant: options.plant, item: options.item, timeout: options.callTimeout)
        }
    }
}

/// Each caller's reservation still to release.
final class HeldReservations: Sendable {
    private let ids = Mutex<[Int: String]>([:])

    func put(_ id: String, worker: Int) {
        ids.withLock { $0[worker] = id }
    }

    func take(worker: Int) -> String? {
        ids.withLock { $0.removeValue(forKey: worker) }
    }
}
