public import OMSProto

/// The client side of one connection, as a value. `Stream` is whatever the
/// transport keeps per call (a continuation, a stream writer); the state
/// machine hands it back with each event so the caller can complete it.
public struct ClientConnectionStateMachine<Stream: Sendable>: Sendable {
    public enum Action: Sendable {
        case none
        /// The server accepted our HELLO.
        case ready(Oms_V1_Hello)
        case message(Stream, [UInt8])
        case finished(Stream, Oms_V1_Status)
        case send(Frame)
        /// The connection is over: fail these streams with the error, then close.
        case fail([Stream], RPCError)
    }

    enum State: Sendable {
        case awaitingHello
        case active
        /// The server sent GOAWAY: open streams finish, new ones are refused.
        case goingAway(RPCError)
        case closed(RPCError)
    }

    private var state: State = .awaitingHello
    private var streams: [UInt32: Stream] = [:]
    private var nextStreamID: UInt32 = 1
    public private(set) var serverHello = Oms_V1_Hello()

    public init() {}

    public var openStreamCount: Int { streams.count }

    public static func hello(agent: String) -> Frame {
        var hello = Oms_V1_Hello()
        hello.minVersion = ProtocolVersion.supported.lowerBound
        hello.maxVersion = ProtocolVersion.supported.upperBound
        hello.agent = agent
        return .hello(hello)
    }

    /// Registers a new stream and gives it an id; ids only grow, so a late
    /// frame for an abandoned stream can never be mistaken for a new one.
    public mutating func openStream(_ stream: Stream) -> Result<UInt32, RPCError> {
        switch state {
        case .awaitingHello:
            return .failure(RPCError(.unavailable, "connection not ready: HELLO not yet answered"))
        case .goingAway(let error), .closed(let error):
            return .failure(error)
        case .active:
            guard nextStreamID < UInt32.max else {
                return .failure(RPCError(.unavailable, "stream ids exhausted on this connection; reconnect"))
            }
            let id = nextStreamID
            nextStreamID += 1
            streams[id] = stream
            return .success(id)
        }
    }

    /// Forgets a stream the caller abandoned; non-nil means a CANCEL should be sent.
    public mutating func cancelStream(_ id: UInt32) -> Stream? {
        let stream = streams.removeValue(forKey: id)
        closeIfDrained()
        return stream
    }

    public mutating func frameReceived(_ frame: Frame) -> Action {
        if case .closed = state { return .none }
        switch frame.type {
        case .hello:
            guard case .awaitingHello = state else { return violation("HELLO received twice") }
            do {
                serverHello = try frame.decode(Oms_V1_Hello.self)
            } catch {
                return violation(error.message)
            }
            guard ProtocolVersion.supported.contains(serverHello.version) else {
                return violation("server chose protocol version \(serverHello.version), which this client does not speak")
            }
            state = .active
            return .ready(serverHello)
        case .message:
            // Frames for a stream we abandoned may still be in flight: ignore them.
            guard let stream = streams[frame.streamID] else { return .none }
            return .message(stream, frame.payload)
        case .status:
            guard let stream = streams.removeValue(forKey: frame.streamID) else { return .none }
            let status: Oms_V1_Status
            do {
                status = try frame.decode(Oms_V1_Status.self)
            } catch {
                status = RPCError(.internal, "undecodable STATUS from server").status
            }
            closeIfDrained()
            return .finished(stream, status)
        case .ping:
            return frame.flags.contains(.ack) ? .none : .send(.ping(frame.pingOpaque, ack: true))
        case .goAway:
            let goAway = (try? frame.decode(Oms_V1_GoAway.self)) ?? Oms_V1_GoAway()
            let code = StatusCode(goAway.code)
            if code == .ok {
                state = .goingAway(RPCError(.unavailable, "server sent GOAWAY: \(goAway.reason)"))
                closeIfDrained()
                return .none
            }
            return fail(RPCError(code, "server closed the connection: \(goAway.reason)"))
        case .request, .cancel:
            return violation("server sent a \(frame.type) frame, which only clients send")
        }
    }

    public mutating func decodingFailed(_ error: FrameError) -> Action {
        fail(RPCError(.internal, "malformed data from server: \(error)"))
    }

    /// The transport closed; every open stream fails.
    public mutating func connectionClosed() -> Action {
        switch state {
        case .closed:
            return .none
        case .goingAway(let error):
            return fail(error)
        case .awaitingHello, .active:
            return fail(RPCError(.unavailable, "connection closed by server"))
        }
    }

    /// The caller closes the connection itself.
    public mutating func close() -> Action {
        fail(RPCError(.cancelled, "connection closed by client"))
    }

    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// True when GOAWAY was received and nothing is open: the transport can close.
    public var isDrained: Bool {
        if case .goingAway = state { return streams.isEmpty }
        return isClosed
    }

    private mutating func closeIfDrained() {
        if case .goingAway(let error) = state, streams.isEmpty {
            state = .closed(error)
        }
    }

    private mutating func violation(_ reason: String) -> Action {
        fail(RPCError(.internal, "protocol violation by server: \(reason)"))
    }

    private mutating func fail(_ error: RPCError) -> Action {
        let failed = Array(streams.values)
        streams.removeAll()
        state = .closed(error)
        return .fail(failed, error)
    }
}
