import Foundation
import OMSClient
import OMSProto
import OMSTesting
import OMSWire
import Testing

/// The real omsd binary over its real Unix socket and TCP listener.
@Suite("omsd daemon", .serialized)
struct DaemonTests {
    enum Listener: String, CaseIterable, Sendable {
        case unix
        case tcp
    }

    static func endpoint(_ daemon: DaemonProcess, _ listener: Listener) -> OMSClient.Endpoint {
        listener == .unix ? daemon.unix : daemon.tcp
    }

    @Test(arguments: Listener.allCases)
    func servesHealthInfoAndThousandConcurrentRequests(_ listener: Listener) async throws {
        let daemon = try await DaemonProcess.start()
        defer { daemon.terminateSync() }
        let client = try await OMSClient.connect(to: Self.endpoint(daemon, listener))
        defer { client.close() }

        #expect(try await client.checkHealth().status == .serving)
        let info = try await client.serverInfo()
        #expect(info.listeners == daemon.listeners)
        #expect(info.pid == UInt32(daemon.process.processIdentifier))

        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<1000 {
                group.addTask {
                    let payload = Array("order-\(i)-\(UUID().uuidString)".utf8)
                    return try await client.ping(payload) == payload ? 0 : 1
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        // All of it went over the one connection.
        let after = try await client.serverInfo()
        #expect(after.counters.connectionsTotal == 1)
        #expect(after.counters.requestsTotal == 1003)
    }

    @Test(arguments: Listener.allCases)
    func deadlineEndsAStreamWithDeadlineExceeded(_ listener: Listener) async throws {
        let daemon = try await DaemonProcess.start()
        defer { daemon.terminateSync() }
        let client = try await OMSClient.connect(to: Self.endpoint(daemon, listener))
        defer { client.close() }

        var received: [Oms_V1_ServingStatus] = []
        let error = await #expect(throws: RPCError.self) {
            for try await update in client.watchHealth(options: CallOptions(timeout: .milliseconds(300))) {
                received.append(update.status)
            }
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(received == [.serving])
        #expect(try await client.checkHealth().status == .serving)
    }

    @Test(arguments: Listener.allCases)
    func serverTimesOutAStreamWhoseClientNeverCancels(_ listener: Listener) async throws {
        let daemon = try await DaemonProcess.start()
        defer { daemon.terminateSync() }
        let endpoint = Self.endpoint(daemon, listener)
        let raw = try await RawConnection.open(endpoint.transport)
        defer { raw.close() }
        #expect(try await raw.handshake()?.type == .hello)

        var header = Oms_V1_RequestHeader()
        header.method = "oms.v1.Health/Watch"
        header.timeoutMicros = 100_000
        raw.send(.request(streamID: 1, header: header, message: []))
        #expect(try await raw.nextFrame()?.type == .message)
        let status = try #require(try await raw.nextFrame())
        #expect(status.type == .status)
        #expect(try status.decode(Oms_V1_Status.self).code == .deadlineExceeded)

        let client = try await OMSClient.connect(to: endpoint)
        defer { client.close() }
        #expect(try await client.serverInfo().counters.deadlinesExceeded == 1)
    }

    @Test(arguments: Listener.allCases)
    func cancelledStreamIsReleasedOnTheServer(_ listener: Listener) async throws {
        let daemon = try await DaemonProcess.start()
        defer { daemon.terminateSync() }
        let client = try await OMSClient.connect(to: Self.endpoint(daemon, listener))
        defer { client.close() }

        let (first, signal) = AsyncStream<Void>.makeStream()
        let watcher = Task {
            for try await _ in client.watchHealth() { signal.yield() }
        }
        for await _ in first { break }
        // The Info call itself is the one other open stream.
        #expect(try await client.serverInfo().counters.streamsOpen == 2)
        watcher.cancel()
        let outcome = await watcher.result
        #expect((try? outcome.get()) == nil, "a cancelled stream ends with an error")

        var counters = Oms_V1_ServerCounters()
        let deadline = ContinuousClock.now + .seconds(10)
        repeat {
            counters = try await client.serverInfo().counters
        } while counters.streamsCancelled == 0 && ContinuousClock.now < deadline
        #expect(counters.streamsCancelled == 1)
        #expect(counters.streamsOpen == 1)
    }

    @Test(arguments: Listener.allCases)
    func malformedConnectionIsClosedAndOthersKeepWorking(_ listener: Listener) async throws {
        let daemon = try await DaemonProcess.start()
        defer { daemon.terminateSync() }
        let endpoint = Self.endpoint(daemon, listener)
        let client = try await OMSClient.connect(to: endpoint)
        defer { client.close() }

        let raw = try await RawConnection.open(endpoint.transport)
        _ = try await raw.handshake()
        raw.send([0, 0, 0, 0, 0x42, 0, 0, 0, 0, 0])
        let frames = try await raw.waitUntilClosed()
        let goAway = try #require(frames.last).decode(Oms_V1_GoAway.self)
        #expect(goAway.code == .unimplemented)
        #expect(goAway.reason == "unknown frame type 0x42")

        #expect(try await client.checkHealth().status == .serving)
        #expect(try await client.serverInfo().counters.protocolErrors == 1)
    }

    @Test func sigtermDrainsAndExitsCleanly() async throws {
        let daemon = try await DaemonProcess.start()
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        #expect(try await client.checkHealth().status == .serving)

        #expect(await daemon.terminate() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        let refused = await #expect(throws: RPCError.self) { _ = try await client.checkHealth() }
        #expect(refused?.code == .unavailable)
    }

    /// A daemon that cannot start fails its test at once, with the daemon's own
    /// words, and leaves no process behind (a hang here once stalled a CI run).
    @Test func daemonThatCannotStartFailsWithItsStderr() async throws {
        let failure = await #expect(throws: DaemonProcess.DaemonError.self) {
            _ = try await DaemonProcess.start(extraArguments: ["--max-frame-size", "1"])
        }
        guard case .exitedEarly(let status, let stderr) = failure else {
            Issue.record("expected exitedEarly, got \(String(describing: failure))")
            return
        }
        #expect(status != nil && status != 0)
        #expect(stderr.contains("--max-frame-size must be at least"))
    }
}
