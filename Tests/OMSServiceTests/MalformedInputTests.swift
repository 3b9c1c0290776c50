import OMSClient
import OMSProto
import OMSTesting
import OMSWire
import Testing

/// Bad bytes close the offending connection with a GOAWAY naming the reason;
/// every other connection keeps being served.
@Suite("Malformed input")
struct MalformedInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var bytes: [UInt8]
        var expectedCode: StatusCode
        var reasonContains: String
    }

    static let hello = ClientConnectionStateMachine<Int>.hello(agent: "raw").encoded

    static func request(_ id: UInt32) -> [UInt8] {
        var header = Oms_V1_RequestHeader()
        header.method = "oms.v1.Health/Watch"
        return Frame.request(streamID: id, header: header, message: []).encoded
    }

    static let cases: [Case] = [
        Case(description: "wrong protocol version", bytes: {
            var hello = Oms_V1_Hello()
            hello.minVersion = 7
            hello.maxVersion = 9
            return Frame.hello(hello).encoded
        }(), expectedCode: .unimplemented, reasonContains: "unsupported protocol version"),
        Case(description: "unknown frame type", bytes: hello + [0, 0, 0, 0, 0x66, 0, 0, 0, 0, 0],
             expectedCode: .unimplemented, reasonContains: "unknown frame type 0x66"),
        // A 4097-byte payload announced against the 4096-byte limit; the payload never follows.
        Case(description: "length over the limit", bytes: hello + [0, 0, 0x10, 0x01, FrameType.message.rawValue, 0, 0, 0, 0, 1],
             expectedCode: .resourceExhausted, reasonContains: "exceeds the limit"),
        Case(description: "first frame is not HELLO", bytes: request(1),
             expectedCode: .failedPrecondition, reasonContains: "expected HELLO"),
        Case(description: "stream id reused while in flight", bytes: hello + request(3) + request(3),
             expectedCode: .invalidArgument, reasonContains: "stream id 3 reused"),
        Case(description: "PING of the wrong size", bytes: hello + Frame(type: .ping, streamID: 0, payload: [1, 2]).encoded,
             expectedCode: .invalidArgument, reasonContains: "PING must carry 8 bytes"),
    ]

    @Test(arguments: TransportKind.allCases, cases)
    func badInputClosesOnlyThatConnection(_ kind: TransportKind, _ bad: Case) async throws {
        let server = try await TestServer(kind, configuration: .init(maxFrameSize: 4096))
        let bystander = try await server.makeClient()
        defer { bystander.close() }
        let (updates, signal) = AsyncStream<Void>.makeStream()
        // A stream open on another connection must survive too.
        let watch = Task {
            for try await _ in bystander.watchHealth() { signal.yield() }
        }
        for await _ in updates { break }

        let raw = try await RawConnection.open(server.transport)
        raw.send(bad.bytes)
        let frames = try await raw.waitUntilClosed()
        let goAwayFrame = try #require(frames.last { $0.type == .goAway }, "expected a GOAWAY, got \(frames.map(\.type))")
        let goAway = try goAwayFrame.decode(Oms_V1_GoAway.self)
        #expect(StatusCode(goAway.code) == bad.expectedCode)
        #expect(goAway.reason.contains(bad.reasonContains), "reason was: \(goAway.reason)")

        #expect(try await bystander.checkHealth().status == .serving)
        #expect(server.counters.value(\.protocolErrors) == 1)
        #expect(server.counters.value(\.streamsOpen) == 1)
        watch.cancel()
        await server.stop()
    }

    @Test(arguments: TransportKind.allCases)
    func connectionDroppedMidFrameHarmsNobody(_ kind: TransportKind) async throws {
        let server = try await TestServer(kind)
        let bystander = try await server.makeClient()
        defer { bystander.close() }
        let raw = try await RawConnection.open(server.transport)
        raw.send(Self.hello + [0, 0, 0, 40, FrameType.request.rawValue, 1, 0, 0])
        _ = try await raw.nextFrame()
        raw.close()
        #expect(await eventually { server.counters.value(\.connectionsOpen) == 1 })
        #expect(try await bystander.checkHealth().status == .serving)
        await server.stop()
    }
}
