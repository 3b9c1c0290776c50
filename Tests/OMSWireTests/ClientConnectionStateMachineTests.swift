import OMSProto
import Testing

@testable import OMSWire

@Suite("Client connection state machine")
struct ClientConnectionStateMachineTests {
    typealias Machine = ClientConnectionStateMachine<String>

    static func ready() -> Machine {
        var machine = Machine()
        var hello = Oms_V1_Hello()
        hello.version = 1
        hello.maxFrameSize = 1 << 20
        _ = machine.frameReceived(.hello(hello))
        return machine
    }

    @Test func noStreamsBeforeHello() {
        var machine = Machine()
        #expect(throws: RPCError.self) { try machine.openStream("a").get() }
    }

    @Test func streamIDsGrowSoLateFramesCannotHitANewStream() throws {
        var machine = Self.ready()
        let first = try machine.openStream("a").get()
        _ = machine.cancelStream(first)
        let second = try machine.openStream("b").get()
        #expect(second > first)
        // A status for the abandoned stream arrives late: ignored.
        if case .none = machine.frameReceived(.status(streamID: first, .ok)) {} else { Issue.record("late frame must be ignored") }
    }

    @Test func messagesAndStatusReachTheirStream() throws {
        var machine = Self.ready()
        let a = try machine.openStream("a").get()
        let b = try machine.openStream("b").get()
        guard case .message(let stream, let bytes) = machine.frameReceived(.message(streamID: b, [1])) else {
            Issue.record("expected a message")
            return
        }
        #expect(stream == "b" && bytes == [1])
        guard case .finished(let done, let status) = machine.frameReceived(.status(streamID: a, RPCError(.notFound, "x"))) else {
            Issue.record("expected a status")
            return
        }
        #expect(done == "a" && status.code == .notFound)
        #expect(machine.openStreamCount == 1)
    }

    @Test func gracefulGoAwayLetsOpenStreamsFinishAndRefusesNewOnes() throws {
        var machine = Self.ready()
        let a = try machine.openStream("a").get()
        _ = machine.frameReceived(.goAway(.ok, reason: "restart"))
        #expect(throws: RPCError.self) { try machine.openStream("b").get() }
        guard case .finished = machine.frameReceived(.status(streamID: a, .ok)) else {
            Issue.record("open stream still completes")
            return
        }
        #expect(machine.isDrained)
    }

    @Test func errorGoAwayFailsEveryOpenStream() throws {
        var machine = Self.ready()
        _ = try machine.openStream("a").get()
        _ = try machine.openStream("b").get()
        guard case .fail(let streams, let error) = machine.frameReceived(.goAway(.invalidArgument, reason: "bad frame")) else {
            Issue.record("expected failure")
            return
        }
        #expect(Set(streams) == ["a", "b"])
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("bad frame"))
    }

    @Test func connectionClosedFailsOpenStreamsAsUnavailable() throws {
        var machine = Self.ready()
        _ = try machine.openStream("a").get()
        guard case .fail(let streams, let error) = machine.connectionClosed() else {
            Issue.record("expected failure")
            return
        }
        #expect(streams == ["a"])
        #expect(error.code == .unavailable)
    }

    @Test func serverPingIsAnswered() {
        var machine = Self.ready()
        guard case .send(let pong) = machine.frameReceived(.ping(5)) else {
            Issue.record("expected pong")
            return
        }
        #expect(pong.flags.contains(.ack) && pong.pingOpaque == 5)
    }

    @Test func requestFromServerIsAViolation() {
        var machine = Self.ready()
        guard case .fail(_, let error) = machine.frameReceived(.cancel(streamID: 1)) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .internal)
    }
}
