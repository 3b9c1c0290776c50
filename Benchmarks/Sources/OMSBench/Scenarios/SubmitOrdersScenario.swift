import OMSClient

/// ERP intake: each call submits a new order (unique business key), answered
/// after its journal commit.
struct SubmitOrdersScenario: Scenario {
    static let name = "submit-orders"
    static let summary = "OrderService/Submit of a new one-line order per call (unique business key)"

    let options: ScenarioOptions

    init(options: ScenarioOptions) {
        self.options = options
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        _ = try await client.submitOrder(
            plant: options.plant, item: options.item, external: "\(options.runID)-w\(worker)-\(n)",
            timeout: options.callTimeout)
    }
}
