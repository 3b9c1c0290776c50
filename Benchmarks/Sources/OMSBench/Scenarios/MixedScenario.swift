import OMSClient
import Synchronization

/// WMS services reserving and releasing while planners query status: the
/// even callers are WMS services, each cycling reserve then release (of its
/// own last reservation); the odd callers are planners asking for the
/// item's availability. Planners are callers of their own, as in a plant, so
/// a query never waits behind its caller's write. Latencies are kept per
/// operation: "availability" is the status query under the write load.
struct MixedScenario: Scenario {
    static let name = "mixed"
    static let summary = "even callers Reserve then Release in turn, odd callers query Availability (set-up: Receive 10^12 units)"

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
        guard worker.isMultiple(of: 2) else { return "availability" }
        return n.isMultiple(of: 2) ? "reserve" : "release"
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        switch operation(worker: worker, n: n) {
        case "reserve":
            let key = "\(options.runID)-w\(worker)-\(n)"
            let id = try await client.reserveStock(
                plant: options.plant, item: options.item, quantity: "1", key: key, timeout: options.callTimeout)
            held.put(id, worker: worker)
        case "release":
            // Nothing to release when this caller's reserve failed: a reserve instead keeps its cycle going.
            guard let id = held.take(worker: worker) else {
                let id = try await client.reserveStock(
                    plant: options.plant, item: options.item, quantity: "1", key: "\(options.runID)-w\(worker)-\(n)",
                    timeout: options.callTimeout)
                held.put(id, worker: worker)
                return
            }
            try await client.releaseReservation(id: id, key: "\(options.runID)-w\(worker)-\(n)", timeout: options.callTimeout)
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
