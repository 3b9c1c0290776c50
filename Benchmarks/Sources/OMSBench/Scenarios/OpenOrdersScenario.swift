import OMSClient
import OMSProto
import SwiftProtobuf

/// Open orders as a plant holds them: each call submits a one-line order of
/// a MAKE item and approves it, so the order is APPROVED with one lot of its
/// own (no merge window) on a routing of five operations, and the material
/// check reserves the lot's two BOM components. Meant for `--count` (a fill
/// whose daemon RSS is the figure), but runs timed like any scenario.
struct OpenOrdersScenario: Scenario {
    static let name = "open-orders"
    static let summary =
        "OrderService/Submit then Approve of a one-line MAKE order: one lot on a 5-operation routing, 2 components reserved (set-up: master data, Receive 10^12 components)"

    static let item = "OPEN-ASSY"
    static let components = ["OPEN-C1", "OPEN-C2"]
    static let operations = 5

    let options: ScenarioOptions

    init(options: ScenarioOptions) {
        self.options = options
    }

    func setUp(client: OMSClient) async throws {
        try await client.upsertOpenOrderMasterData(
            plant: options.plant, item: Self.item, components: Self.components, operations: Self.operations,
            timeout: options.callTimeout)
        for component in Self.components {
            try await client.receiveStock(
                plant: options.plant, item: component, quantity: unlimitedStock, unit: "pc", timeout: options.callTimeout)
        }
    }

    func operation(worker: Int, n: Int) -> String { "submit+approve" }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        // Due dates spread over a year, so lots and list keys are not one run of equal dates.
        let dueDay = Int64((worker &* 7_919 &+ n) % 365)
        let id = try await client.submitOrder(
            plant: options.plant, item: Self.item, external: "\(options.runID)-w\(worker)-\(n)",
            due: Google_Protobuf_Timestamp(seconds: 1_900_000_000 + dueDay * 86_400), timeout: options.callTimeout)
        try await client.approveOrder(id: id, timeout: options.callTimeout)
    }
}
