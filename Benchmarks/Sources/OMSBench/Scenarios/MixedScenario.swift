import OMSClient
import Synchronization

/// WMS services reserving and releasing while planners query status: the
/// even callers are WMS services, each releasing its reservation if it holds
/// one and making one otherwise; the odd callers are planners asking for the
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

    /// Only the worker's own task touches its entry, so this names the call it is about to make.
    func operation(worker: Int, n: Int) -> String {
        guard worker.isMultiple(of: 2) else { return "availability" }
        return held.holds(worker: worker) ? "release" : "reserve"
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        let key = "\(options.runID)-w\(worker)-\(n)"
        guard worker.isMultiple(of: 2) else {
            return try await client.availability(plant: options.plant, item: options.item, timeout: options.callTimeout)
        }
        if let id = held.take(worker: worker) {
            try await client.releaseReservation(id: id, key: key, timeout: options.callTimeout)
        } else {
            let id = try await client.reserveStock(
                plant: options.plant, item: options.item, quantity: "1", key: key, timeout: options.callTimeout)
            held.put(id, worker: worker)
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

    func holds(worker: Int) -> Bool {
        ids.withLock { $0[worker] != nil }
    }
}
