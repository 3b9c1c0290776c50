import Foundation
import OMSClient
import OMSProto
import OMSRPC
import OMSTesting
import Testing

/// Each test body runs in-process, over a real Unix socket and over TCP.
@Suite("Services over every transport")
struct ServiceTests {
    @Test(arguments: TransportKind.allCases)
    func healthAndServerInfo(_ kind: TransportKind) async throws {
        let server = try await TestServer(kind)
        let client = try await server.makeClient()
        defer { client.close() }

        #expect(try await client.checkHealth().status == .serving)
        let info = try await client.serverInfo()
        #expect(info.version == "0.1.0")
        #expect(info.protocolMinVersion == 1 && info.protocolMaxVersion == 1)
        #expect(info.methods.contains("oms.v1.Health/Check"))
        #expect(info.methods.contains("oms.v1.ServerService/Ping"))
        #expect(info.listeners == server.environment.listeners)
        #expect(client.serverHello.version == 1)
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func thousandConcurrentRequestsOnOneConnectionAreMatched(_ kind: TransportKind) async throws {
        let server = try await TestServer(kind)
        let client = try await server.makeClient()
        defer { client.close() }

        let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<1000 {
                group.addTask {
                    let payload = Array("request-\(i)-\(UUID().uuidString)".utf8)
                    return try await client.ping(payload) != payload
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(mismatches == 0)
        #expect(server.counters.value(\.connectionsTotal) == 1)
        #expect(server.counters.value(\.requestsTotal) == 1000)
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func errorsCarryTheirStatus(_ kind: TransportKind) async throws {
        let server = try await TestServer(kind)
        let client = try await server.makeClient()
        defer { client.close() }

        let unknown = await #expect(throws: RPCError.self) {
            _ = try await client.unaryBytes("oms.v1.Nothing/Here", [])
        }
        #expect(unknown?.code == .unimplemented)
        #expect(unknown?.message.contains("oms.v1.Nothing/Here") == true)

        let garbage = await #expect(throws: RPCError.self) {
            _ = try await client.unaryBytes("oms.v1.Health/Check", [0xFF, 0xFF, 0xFF])
        }
        #expect(garbage?.code == .invalidArgument)

        let missing = await #expect(throws: RPCError.self) { _ = try await client.checkHealth(component: "plant/X") }
        #expect(missing?.code == .notFound)

        let big = await #expect(throws: RPCError.self) { _ = try await client.ping(Array(repeating: 1, count: 70_000)) }
        #expect(big?.code == .invalidArgument)
        #expect(big?.details.first?.fieldViolation.field == "payload")

        // The connection survived all of that.
        #expect(try await client.checkHealth().status == .serving)
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func expiredDeadlineCancelsTheHandler(_ kind: TransportKind) async throws {
        let slow = SlowMethod()
        let server = try await TestServer(kind) { slow.register(in: &$0) }
        let client = try await server.makeClient()
        defer { client.close() }

        let error = await #expect(throws: RPCError.self) {
            _ = try await client.unary(SlowMethod.name, Oms_V1_PingRequest(), as: Oms_V1_PingResponse.self, options: CallOptions(timeout: .milliseconds(50)))
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(await eventually { slow.cancelled == 1 })
        #expect(await eventually { server.counters.value(\.streamsOpen) == 0 })
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func serverEnforcesTheDeadlineItself(_ kind: TransportKind) async throws {
        let slow = SlowMethod()
        let server = try await TestServer(kind) { slow.register(in: &$0) }
        let raw = try await RawConnection.open(server.transport)
        defer { raw.close() }
        #expect(try await raw.handshake()?.type == .hello)

        var header = Oms_V1_RequestHeader()
        header.method = SlowMethod.name
        header.timeoutMicros = 20_000
        raw.send(.request(streamID: 1, header: header, message: []))
        // This client never cancels: the STATUS must come from the server's own timer.
        let frame = try #require(try await raw.nextFrame())
        #expect(frame.type == .status && frame.streamID == 1)
        #expect(try frame.decode(Oms_V1_Status.self).code == .deadlineExceeded)
        #expect(await eventually { slow.cancelled == 1 })
        #expect(server.counters.value(\.deadlinesExceeded) == 1)
        await server.stop()
    }

    /// A timeout too long for a clock (up to 2^64-1 µs) counts as about a
    /// year: the call is served, and the connection and the server live on.
    @Test(arguments: TransportKind.allCases)
    func aTimeoutTooLongForAClockIsServed(_ kind: TransportKind) async throws {
        let server = try await TestServer(kind)
        let raw = try await RawConnection.open(server.transport)
        defer { raw.close() }
        #expect(try await raw.handshake()?.type == .hello)
        for (index, micros) in [UInt64.max, UInt64(Int64.max), 9_300_000_000_000_000].enumerated() {
            var header = Oms_V1_RequestHeader()
            header.method = "oms.v1.ServerService/Ping"
            header.timeoutMicros = micros
            let id = UInt32(2 * index + 1)
            raw.send(.request(streamID: id, header: header, message: []))
            let reply = try #require(try await raw.nextFrame())
            #expect(reply.type == .message && reply.streamID == id, "timeout \(micros) µs")
            let status = try #require(try await raw.nextFrame())
            #expect(status.type == .status)
            #expect(try status.decode(Oms_V1_Status.self).code == .ok)
        }
        let client = try await server.makeClient()
        defer { client.close() }
        #expect(try await client.checkHealth().status == .serving)
        await server.stop()
    }

    /// One timer serves a connection's deadlines: a later, shorter deadline must re-arm it.
    @Test(.timeLimit(.minutes(1)), arguments: TransportKind.allCases)
    func aShorterDeadlineBehindALongerOneStillFires(_ kind: TransportKind) async throws {
        let slow = SlowMethod()
        let server = try await TestServer(kind) { slow.register(in: &$0) }
        let client = try await server.makeClient()
        defer { client.close() }

        let long = Task {
            try await client.unary(SlowMethod.name, Oms_V1_PingRequest(), as: Oms_V1_PingResponse.self, options: CallOptions(timeout: .seconds(600)))
        }
        #expect(await eventually { server.counters.value(\.streamsOpen) == 1 })
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.unary(SlowMethod.name, Oms_V1_PingRequest(), as: Oms_V1_PingResponse.self, options: CallOptions(timeout: .milliseconds(50)))
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(await eventually { slow.cancelled == 1 })
        // The long call is untouched by the short one's deadline.
        #expect(server.counters.value(\.streamsOpen) == 1)
        long.cancel()
        #expect(await eventually { server.counters.value(\.streamsOpen) == 0 })
        await server.stop()
    }

    @Test(.timeLimit(.minutes(1)), arguments: TransportKind.allCases)
    func serverEnforcesAShorterDeadlineBehindALongerOne(_ kind: TransportKind) async throws {
        let slow = SlowMethod()
        let server = try await TestServer(kind) { slow.register(in: &$0) }
        let raw = try await RawConnection.open(server.transport)
        defer { raw.close() }
        #expect(try await raw.handshake()?.type == .hello)

        var header = Oms_V1_RequestHeader()
        header.method = SlowMethod.name
        header.timeoutMicros = 600_000_000
        raw.send(.request(streamID: 1, header: header, message: []))
        header.timeoutMicros = 20_000
        raw.send(.request(streamID: 3, header: header, message: []))
        let frame = try #require(try await raw.nextFrame())
        #expect(frame.type == .status && frame.streamID == 3)
        #expect(try frame.decode(Oms_V1_Status.self).code == .deadlineExceeded)
        #expect(await eventually { slow.cancelled == 1 })
        #expect(server.counters.value(\.deadlinesExceeded) == 1)
        #expect(server.counters.value(\.streamsOpen) == 1)
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func cancelledStreamStopsServerWork(_ kind: TransportKind) async throws {
        let server = try await TestServer(kind)
        let client = try await server.makeClient()
        defer { client.close() }

        let (firstReceived, signal) = AsyncStream<Void>.makeStream()
        let watcher = Task {
            for try await update in client.watchHealth() {
                #expect(update.status == .serving)
                signal.yield()
            }
        }
        for await _ in firstReceived { break }
        #expect(server.counters.value(\.streamsOpen) == 1)
        watcher.cancel()
        _ = await watcher.result
        #expect(await eventually { server.counters.value(\.streamsOpen) == 0 })
        #expect(server.counters.value(\.streamsCancelled) == 1)
        // The connection is still good for other calls.
        #expect(try await client.checkHealth().status == .serving)
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func streamDeliversChangesInOrder(_ kind: TransportKind) async throws {
        let server = try await TestServer(kind)
        server.health.set("store", .serving)
        let client = try await server.makeClient()
        defer { client.close() }

        var seen: [Oms_V1_ServingStatus] = []
        for try await update in client.watchHealth(component: "store") {
            seen.append(update.status)
            switch seen.count {
            case 1: server.health.set("store", .degraded, reason: "database unreachable")
            case 2: server.health.set("store", .serving)
            default: break
            }
            if seen.count == 3 { break }
        }
        #expect(seen == [.serving, .degraded, .serving])
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func slowHandlersDoNotBlockOtherCalls(_ kind: TransportKind) async throws {
        let slow = SlowMethod()
        let server = try await TestServer(kind) { slow.register(in: &$0) }
        let client = try await server.makeClient()
        defer { client.close() }

        let slowCalls = (0..<8).map { _ in
            Task { try await client.unary(SlowMethod.name, Oms_V1_PingRequest(), as: Oms_V1_PingResponse.self) }
        }
        #expect(await eventually { slow.started == 8 })
        // Eight handlers are parked; the connection and its loop still answer.
        for _ in 0..<50 { #expect(try await client.checkHealth().status == .serving) }
        #expect(slow.cancelled == 0)
        slowCalls.forEach { $0.cancel() }
        for call in slowCalls {
            let error = await #expect(throws: RPCError.self) { _ = try await call.value }
            #expect(error?.code == .cancelled)
        }
        #expect(await eventually { slow.cancelled == 8 })
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func streamLimitRefusesOnlyTheExtraStream(_ kind: TransportKind) async throws {
        let slow = SlowMethod()
        let server = try await TestServer(kind, configuration: .init(maxConcurrentStreams: 2)) { slow.register(in: &$0) }
        let client = try await server.makeClient()
        defer { client.close() }
        #expect(client.serverHello.maxConcurrentStreams == 2)

        let parked = (0..<2).map { _ in
            Task { try await client.unary(SlowMethod.name, Oms_V1_PingRequest(), as: Oms_V1_PingResponse.self) }
        }
        // Both streams are open at the server once it counts them; their
        // handlers' tasks may start later (the concurrency pool is shared
        // with every other suite), which the limit does not wait for.
        #expect(await eventually { server.counters.value(\.streamsOpen) == 2 })
        let refused = await #expect(throws: RPCError.self) { _ = try await client.checkHealth() }
        #expect(refused?.code == .resourceExhausted)
        parked.forEach { $0.cancel() }
        #expect(await eventually { server.counters.value(\.streamsOpen) == 0 })
        #expect(try await client.checkHealth().status == .serving)
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func authTokensAreChecked(_ kind: TransportKind) async throws {
        let server = try await TestServer(kind, auth: StaticTokenAuth(tokens: ["s3cret"]))
        let anonymous = try await server.makeClient()
        defer { anonymous.close() }
        // Probes may check health without a token; everything else needs one.
        #expect(try await anonymous.checkHealth().status == .serving)
        let denied = await #expect(throws: RPCError.self) { _ = try await anonymous.serverInfo() }
        #expect(denied?.code == .unauthenticated)
        let wrong = await #expect(throws: RPCError.self) {
            _ = try await anonymous.serverInfo(options: CallOptions(authToken: "guess"))
        }
        #expect(wrong?.code == .unauthenticated)

        let trusted = try await server.makeClient(options: ConnectionOptions(authToken: "s3cret"))
        defer { trusted.close() }
        #expect(try await trusted.serverInfo().version == "0.1.0")
        await server.stop()
    }
}
