import OMSProto
import Testing

@testable import OMSWire

@Suite("Server connection state machine")
struct ServerConnectionStateMachineTests {
    typealias Machine = ServerConnectionStateMachine

    static func connected(maxStreams: Int = 100) -> Machine {
        var machine = Machine(configuration: .init(maxFrameSize: 1024, maxConcurrentStreams: maxStreams, agent: "test"))
        _ = machine.frameReceived(ClientConnectionStateMachine<Int>.hello(agent: "client"))
        return machine
    }

    static func request(_ id: UInt32, method: String = "oms.v1.Health/Check", timeoutMicros: UInt64 = 0) -> Frame {
        var header = Oms_V1_RequestHeader()
        header.method = method
        header.timeoutMicros = timeoutMicros
        return .request(streamID: id, header: header, message: [])
    }

    /// A client's GOAWAY with OK drains: open streams are served, a new
    /// REQUEST gets UNAVAILABLE. With any other code (or a payload that does
    /// not decode) it is a connection error: the connection closes at once.
    @Test func aClientGoAwayDrainsOrCloses() throws {
        var draining = Self.connected()
        _ = draining.frameReceived(Self.request(1))
        guard case .none = draining.frameReceived(.goAway(.ok, reason: "bye")) else {
            Issue.record("an OK GOAWAY waits for the open stream")
            return
        }
        guard case .send(let refused) = draining.frameReceived(Self.request(3)) else {
            Issue.record("a REQUEST after the client's GOAWAY is refused")
            return
        }
        let status = try refused.decode(Oms_V1_Status.self)
        #expect(status.code == .unavailable && status.message.contains("closing"), "\(status.message)")
        guard case .sendAndClose(let last) = draining.streamFinished(streamID: 1, Oms_V1_Status()), last.type == .status else {
            Issue.record("the last stream's STATUS goes out, then the connection closes")
            return
        }

        for goAway in [Frame.goAway(.internal, reason: "client failed"), Frame(type: .goAway, streamID: 0, payload: [0xFF])] {
            var failing = Self.connected()
            _ = failing.frameReceived(Self.request(1))
            guard case .close = failing.frameReceived(goAway) else {
                Issue.record("a failing client's GOAWAY closes at once")
                continue
            }
            #expect(failing.isClosed)
        }
    }

    /// A response bigger than a client may leave unread ends its stream with
    /// RESOURCE_EXHAUSTED instead of being sent; the connection serves on.
    @Test func aResponseOverTheUnsentLimitEndsItsStreamOnly() throws {
        var machine = Machine(configuration: .init(maxUnsentBytes: 100, agent: "test"))
        _ = machine.frameReceived(ClientConnectionStateMachine<Int>.hello(agent: "client"))
        _ = machine.frameReceived(Self.request(1))
        _ = machine.frameReceived(Self.request(3))
        guard case .sendAndCancel(let frame, let id) = machine.messageToSend(streamID: 1, Array(repeating: 0, count: 101)) else {
            Issue.record("expected the stream to end")
            return
        }
        #expect(frame.type == .status && id == 1)
        let status = try frame.decode(Oms_V1_Status.self)
        #expect(status.code == .resourceExhausted && status.message.contains("101 bytes"))
        guard case .none = machine.streamFinished(streamID: 1, Oms_V1_Status()) else {
            Issue.record("the handler's own end comes after the stream ended")
            return
        }
        guard case .send(let message) = machine.messageToSend(streamID: 3, Array(repeating: 0, count: 100)) else {
            Issue.record("a response within the limit is sent")
            return
        }
        #expect(message.type == .message && message.streamID == 3)

        // Draining, the refused stream was the last one: the connection closes after its STATUS.
        _ = machine.frameReceived(.goAway(.ok, reason: "bye"))
        _ = machine.streamFinished(streamID: 3, Oms_V1_Status())
        var last = Machine(configuration: .init(maxUnsentBytes: 100, agent: "test"))
        _ = last.frameReceived(ClientConnectionStateMachine<Int>.hello(agent: "client"))
        _ = last.frameReceived(Self.request(1))
        _ = last.frameReceived(.goAway(.ok, reason: "bye"))
        guard case .sendAndClose(let refusal) = last.messageToSend(streamID: 1, Array(repeating: 0, count: 101)) else {
            Issue.record("the last stream's refusal closes a draining connection")
            return
        }
        #expect(refusal.type == .status && last.isClosed)
    }

    @Test func helloIsAnsweredWithChosenVersionAndLimits() throws {
        var machine = Machine(configuration: .init(maxFrameSize: 1024, maxConcurrentStreams: 5, agent: "omsd-test"))
        guard case .send(let frame) = machine.frameReceived(ClientConnectionStateMachine<Int>.hello(agent: "c")) else {
            Issue.record("expected a HELLO answer")
            return
        }
        let hello = try frame.decode(Oms_V1_Hello.self)
        #expect(frame.type == .hello)
        #expect(hello.version == 1)
        #expect(hello.maxFrameSize == 1024)
        #expect(hello.maxConcurrentStreams == 5)
        #expect(hello.agent == "omsd-test")
    }

    @Test func wrongVersionClosesWithGoAwayNamingTheRanges() throws {
        var machine = Machine(configuration: .init())
        var hello = Oms_V1_Hello()
        hello.minVersion = 2
        hello.maxVersion = 3
        let goAway = try expectGoAway(machine.frameReceived(.hello(hello)))
        #expect(goAway.code == .unimplemented)
        #expect(goAway.reason.contains("2...3"))
        #expect(goAway.reason.contains("1...1"))
        #expect(machine.isClosed)
    }

    @Test func firstFrameMustBeHello() throws {
        var machine = Machine(configuration: .init())
        let goAway = try expectGoAway(machine.frameReceived(Self.request(1)))
        #expect(goAway.code == .failedPrecondition)
        #expect(goAway.reason.contains("HELLO"))
    }

    @Test func requestOpensStreamWithHeaderAndDeadline() {
        var machine = Self.connected()
        guard case .open(let opened) = machine.frameReceived(Self.request(5, timeoutMicros: 1500)) else {
            Issue.record("expected the stream to open")
            return
        }
        #expect(opened.streamID == 5)
        #expect(opened.header.method == "oms.v1.Health/Check")
        #expect(opened.timeout == .microseconds(1500))
        #expect(machine.openStreamCount == 1)
    }

    @Test func streamIDReuseWhileInFlightClosesTheConnection() throws {
        var machine = Self.connected()
        _ = machine.frameReceived(Self.request(5))
        let goAway = try expectGoAway(machine.frameReceived(Self.request(5)))
        #expect(goAway.code == .invalidArgument)
        #expect(goAway.reason.contains("stream id 5 reused"))
    }

    @Test func streamIDMayBeUsedAgainAfterItEnded() {
        var machine = Self.connected()
        _ = machine.frameReceived(Self.request(5))
        _ = machine.streamFinished(streamID: 5, .ok)
        guard case .open = machine.frameReceived(Self.request(5)) else {
            Issue.record("a finished stream's id is free again")
            return
        }
    }

    @Test func requestOnStreamZeroIsAProtocolError() throws {
        var machine = Self.connected()
        #expect(try expectGoAway(machine.frameReceived(Self.request(0))).code == .invalidArgument)
    }

    @Test func tooManyStreamsIsResourceExhaustedForThatStreamOnly() throws {
        var machine = Self.connected(maxStreams: 2)
        _ = machine.frameReceived(Self.request(1))
        _ = machine.frameReceived(Self.request(3))
        let status = try expectStatus(machine.frameReceived(Self.request(5)), stream: 5)
        #expect(status.code == .resourceExhausted)
        #expect(!machine.isClosed)
        #expect(machine.openStreamCount == 2)
    }

    @Test func malformedRequestHeaderFailsTheStreamNotTheConnection() throws {
        var machine = Self.connected()
        let frame = Frame(type: .request, streamID: 9, payload: [0, 0, 0, 3, 0xFF, 0xFF, 0xFF])
        let status = try expectStatus(machine.frameReceived(frame), stream: 9)
        #expect(status.code == .invalidArgument)
        #expect(!machine.isClosed)
    }

    @Test func pingIsAnsweredWithTheSameBytes() {
        var machine = Self.connected()
        guard case .send(let pong) = machine.frameReceived(.ping(77)) else {
            Issue.record("expected a pong")
            return
        }
        #expect(pong.flags.contains(.ack))
        #expect(pong.pingOpaque == 77)
        if case .none = machine.frameReceived(.ping(1, ack: true)) {} else { Issue.record("a pong needs no answer") }
    }

    @Test func cancelStopsTheHandlerOnce() {
        var machine = Self.connected()
        _ = machine.frameReceived(Self.request(3))
        guard case .cancel(let id) = machine.frameReceived(.cancel(streamID: 3)) else {
            Issue.record("expected the handler to be cancelled")
            return
        }
        #expect(id == 3)
        // The handler's late answer and a second CANCEL are ignored.
        if case .none = machine.streamFinished(streamID: 3, .ok) {} else { Issue.record("late status must be dropped") }
        if case .none = machine.frameReceived(.cancel(streamID: 3)) {} else { Issue.record("second cancel is a no-op") }
    }

    @Test func deadlineEndsTheStreamWithDeadlineExceeded() throws {
        var machine = Self.connected()
        _ = machine.frameReceived(Self.request(3, timeoutMicros: 10))
        guard case .sendAndCancel(let frame, let id) = machine.deadlineExpired(streamID: 3) else {
            Issue.record("expected status and cancellation")
            return
        }
        #expect(id == 3)
        #expect(try frame.decode(Oms_V1_Status.self).code == .deadlineExceeded)
        if case .none = machine.streamFinished(streamID: 3, .ok) {} else { Issue.record("late status must be dropped") }
    }

    @Test func deadlineAfterCompletionIsIgnored() {
        var machine = Self.connected()
        _ = machine.frameReceived(Self.request(3, timeoutMicros: 10))
        _ = machine.streamFinished(streamID: 3, .ok)
        if case .none = machine.deadlineExpired(streamID: 3) {} else { Issue.record("stream already ended") }
    }

    @Test func gracefulShutdownDrainsOpenStreamsThenCloses() throws {
        var machine = Self.connected()
        _ = machine.frameReceived(Self.request(1))
        guard case .send(let goAwayFrame) = machine.shutdownRequested() else {
            Issue.record("expected GOAWAY")
            return
        }
        #expect(try goAwayFrame.decode(Oms_V1_GoAway.self).code == .ok)
        // New streams are refused with UNAVAILABLE; the open one still completes.
        #expect(try expectStatus(machine.frameReceived(Self.request(3)), stream: 3).code == .unavailable)
        guard case .sendAndClose(let last) = machine.streamFinished(streamID: 1, .ok) else {
            Issue.record("the last stream closes the connection")
            return
        }
        #expect(last.type == .status && last.streamID == 1)
        #expect(machine.isClosed)
    }

    @Test func clientMessageFramesAreRejectedInVersionOne() throws {
        var machine = Self.connected()
        #expect(try expectGoAway(machine.frameReceived(.message(streamID: 1, [1]))).code == .unimplemented)
    }

    @Test func statusFromClientIsAProtocolError() throws {
        var machine = Self.connected()
        #expect(try expectGoAway(machine.frameReceived(.status(streamID: 1, .ok))).code == .invalidArgument)
    }

    @Test func decodingFailureClosesWithItsReason() throws {
        var machine = Self.connected()
        let goAway = try expectGoAway(machine.decodingFailed(.frameTooLarge(length: 5000, limit: 1024)))
        #expect(goAway.code == .resourceExhausted)
        #expect(goAway.reason.contains("5000"))
    }

    @Test func framesAfterCloseAreIgnored() {
        var machine = Self.connected()
        _ = machine.decodingFailed(.unknownFrameType(0x42))
        if case .none = machine.frameReceived(Self.request(1)) {} else { Issue.record("closed connections ignore input") }
    }

    @Test func inputClosedAbandonsEveryOpenStream() {
        var machine = Self.connected()
        _ = machine.frameReceived(Self.request(1))
        _ = machine.frameReceived(Self.request(3))
        #expect(Set(machine.inputClosed()) == [1, 3])
        #expect(machine.isClosed)
    }

    private func expectGoAway(_ action: Machine.Action) throws -> Oms_V1_GoAway {
        guard case .sendAndClose(let frame) = action, frame.type == .goAway else {
            throw RPCError(.internal, "expected GOAWAY and close, got \(action)")
        }
        return try frame.decode(Oms_V1_GoAway.self)
    }

    private func expectStatus(_ action: Machine.Action, stream: UInt32) throws -> Oms_V1_Status {
        guard case .send(let frame) = action, frame.type == .status, frame.streamID == stream else {
            throw RPCError(.internal, "expected STATUS on stream \(stream), got \(action)")
        }
        return try frame.decode(Oms_V1_Status.self)
    }
}
