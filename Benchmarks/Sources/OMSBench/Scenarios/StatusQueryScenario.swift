import OMSClient

/// InventoryService/Availability of one item, served from memory.
struct StatusQueryScenario: Scenario {
    static let name = "status-query"
    static let summary = "InventoryService/Availability of one item (set-up: Receive stock)"

    let options: ScenarioOptions

    init(options: ScenarioOptions) {
        self.options = options
    }

    func setUp(client: OMSClient) async throws {
        try await client.receiveStock(plant: options.plant, item: options.item, quantity: "1000", timeout: options.callTimeout)
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        try await client.availability(plant: options.plant, item: options.item, timeout: options.callTimeout)
    }
}
