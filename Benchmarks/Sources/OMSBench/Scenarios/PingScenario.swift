import OMSClient

/// ServerService/Ping with a 16-byte payload: the framing and dispatch floor.
struct PingScenario: Scenario {
    static let name = "ping"
    static let summary = "ServerService/Ping, 16-byte payload"

    let payload = [UInt8](repeating: 0xA5, count: 16)
    let timeout: Duration

    init(options: ScenarioOptions) {
        timeout = options.callTimeout
    }

    func call(client: OMSClient, worker: Int, n: Int) async throws {
        _ = try await client.ping(payload, options: CallOptions(timeout: timeout))
    }
}
