import OMSClient

/// One kind of load. `setUp` runs once, on one connection, before the clock
/// starts; `call` is one request/response of a caller: caller `worker`
/// (0..<connections*depth) makes its `n`th call (n counts from 0 per worker).
/// A scenario keeps whatever it needs between calls itself (it is shared by
/// every worker, so that state must be Sendable).
protocol Scenario: Sendable {
    /// The `--scenario` name.
    static var name: String { get }
    /// One line for `--help`.
    static var summary: String { get }

    init(options: ScenarioOptions)

    func setUp(client: OMSClient) async throws
    /// Which operation call `n` of `worker` is, for per-operation latencies
    /// (mixed loads). Default: the scenario's name.
    func operation(worker: Int, n: Int) -> String
    func call(client: OMSClient, worker: Int, n: Int) async throws
}

extension Scenario {
    func setUp(client: OMSClient) async throws {}
    func operation(worker: Int, n: Int) -> String { Self.name }
}

/// Settings that scenarios share.
struct ScenarioOptions: Sendable {
    var plant: String
    var item: String
    /// Distinguishes this run's idempotency keys from any earlier run's on the same daemon.
    var runID: String
    var callTimeout: Duration
}

/// Every scenario, by name. A new scenario is one file and one entry here.
enum Scenarios {
    static let all: [any Scenario.Type] = [
        PingScenario.self,
        StatusQueryScenario.self,
        ReserveStockScenario.self,
        MixedScenario.self,
        SubmitOrdersScenario.self,
        OrderIntakeScenario.self,
        OpenOrdersScenario.self,
    ]

    static func named(_ name: String) -> (any Scenario.Type)? {
        all.first { $0.name == name }
    }

    static var help: String {
        all.map { "\($0.name): \($0.summary)" }.joined(separator: "; ")
    }
}
