import OMSClient

/// Durable mutations: each call reserves 1 unit under a unique idempotency
/// key, acknowledged after its journal commit.
struct ReserveStockScenario: Scenario {
    static let name = "reserve-stock"
    static let summary = "InventoryService/Reserve of 1 unit, unique idempotency key (set-up: Receive 10^12 units)"

    let options: ScenarioOptions

    init(options: ScenarioOptions) {
        self.options = options
    }

    func setUp(client: OMSClient) async throws {
        try await client.receiveStock(plant: options.plant, item: options.item, quantity: unlimitedStock, timeout: options.callTimeout)
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        _ = try await client.reserveStock(
            plant: options.plant, item: options.item, quantity: "1",
            key: "\(options.runID)-w\(worker)-\(n)", timeout: options.callTimeout)
    }
}
