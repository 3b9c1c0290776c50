import OMSClient
import Synchronization

/// A plant's day in miniature, all on one plant at once, each caller in a
/// role of its own (by its number, modulo 4):
/// - 0, ERP connectors: submit a one-line order, then amend it, in turn;
/// - 2, WMS services: reserve one unit, then release that reservation, in turn;
/// - 1 and 3, planners: status queries, in turn the item's availability and
///   the status of one of the orders taken in at set-up.
/// Planners are callers of their own, as in a plant, so a query never waits
/// behind its caller's write. Latencies are kept per operation:
/// "availability" and "order-status" are the status queries under the write load.
struct MixedScenario: Scenario {
    static let name = "mixed"
    static let summary =
        "callers by number mod 4: 0 Submit then Amend an order, 2 Reserve then Release, 1 and 3 query Availability "
        + "and order status in turn (set-up: Receive 10^12 units, 200 orders)"

    let options: ScenarioOptions
    /// Each WMS caller's reservation still to release.
    private let held = PerCaller<String>()
    /// Each ERP caller's order still to amend, with its version.
    private let submitted = PerCaller<(id: String, version: UInt64)>()
    private let known = KnownOrders()

    init(options: ScenarioOptions) {
        self.options = options
    }

    func setUp(client: OMSClient) async throws {
        try await client.receiveStock(plant: options.plant, item: options.item, quantity: unlimitedStock, timeout: options.callTimeout)
        try await known.submit(200, client: client, options: options, prefix: "mixed-setup")
    }

    /// Only the caller's own task touches its entries, so this names the call it is about to make.
    func operation(worker: Int, n: Int) -> String {
        switch worker % 4 {
        case 0: submitted.holds(worker) ? "amend" : "submit"
        case 2: held.holds(worker) ? "release" : "reserve"
        default: n.isMultiple(of: 2) ? "availability" : "order-status"
        }
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        let key = "\(options.runID)-w\(worker)-\(n)"
        let timeout = options.callTimeout
        switch worker % 4 {
        case 0:
            if let order = submitted.take(worker) {
                // One unit more than submitted: the amendment changes the line.
                try await client.amendOrder(
                    id: order.id, version: order.version, item: options.item, quantity: "6", timeout: timeout)
            } else {
                let order = try await client.submitOrderReturningVersion(
                    plant: options.plant, item: options.item, external: key, timeout: timeout)
                submitted.put(order, worker)
            }
        case 2:
            if let id = held.take(worker) {
                try await client.releaseReservation(id: id, key: key, timeout: timeout)
            } else {
                let id = try await client.reserveStock(
                    plant: options.plant, item: options.item, quantity: "1", key: key, timeout: timeout)
                held.put(id, worker)
            }
        default:
            if n.isMultiple(of: 2) {
                try await client.availability(plant: options.plant, item: options.item, timeout: timeout)
            } else {
                let id = known.ids.withLock { $0.isEmpty ? "" : $0[(worker &* 7_919 &+ n) % $0.count] }
                try await client.orderStatus(id: id, timeout: timeout)
            }
        }
    }
}

/// One value per caller (what it must follow up on), shared by every caller's task.
final class PerCaller<Value: Sendable>: Sendable {
    private let values = Mutex<[Int: Value]>([:])

    func put(_ value: Value, _ worker: Int) {
        values.withLock { $0[worker] = value }
    }

    func take(_ worker: Int) -> Value? {
        values.withLock { $0.removeValue(forKey: worker) }
    }

    func holds(_ worker: Int) -> Bool {
        values.withLock { $0[worker] != nil }
    }
}
