public import OMSProto

/// The server side of one connection, as a value: frames and local events go
/// in, actions for the transport come out. No I/O, no clock: deadlines are
/// handed out as data and come back as `deadlineExpired` events.
public struct ServerConnectionStateMachine: Sendable {
    public struct Configuration: Sendable {
        public var maxFrameSize: Int
        public var maxConcurrentStreams: Int
        /// A client that leaves more than this unread is disconnected: the
        /// server would otherwise hold what it cannot deliver without bound.
        public var maxUnsentBytes: Int
        public var agent: String
        public var versions: ClosedRange<UInt32>

        public init(
            maxFrameSize: Int = 4 << 20,
            maxConcurrentStreams: Int = 10_000,
            maxUnsentBytes: Int = 64 << 20,
            agent: String = "omsd",
            versions: ClosedRange<UInt32> = ProtocolVersion.supported
        ) {
            self.maxFrameSize = maxFrameSize
            self.maxConcurrentStreams = maxConcurrentStreams
            self.maxUnsentBytes = maxUnsentBytes
            self.agent = agent
            self.versions = versions
        }
    }

    /// Longer timeouts count as this (about a year): a deadline of any
    /// length must still be a time the clocks and timers can hold.
    public static let longestTimeoutMicros: UInt64 = 366 * 24 * 3_600 * 1_000_000

    /// A stream the transport must hand to a handler.
    public struct OpenedStream: Sendable {
        public var streamID: UInt32
        public var header: Oms_V1_RequestHeader
        public var message: [UInt8]
        /// Relative deadline from the request header; nil for none.
        public var timeout: Duration?
    }

    public enum Action: Sendable {
        case none
        case send(Frame)
        /// Dispatch this stream to its handler (and arm its deadline, if any).
        case open(OpenedStream)
        /// The client abandoned the stream: stop its handler.
        case cancel(streamID: UInt32)
        /// Tell the client why the stream ended, and stop its handler.
        case sendAndCancel(Frame, streamID: UInt32)
        /// Write the frame, then close the connection.
        case sendAndClose(Frame)
        case close
    }

    enum State: Sendable, Equatable {
        case awaitingHello
        case active
        /// GOAWAY sent or received: open streams finish, no new ones start.
        case draining
        case closed
    }

    public let configuration: Configuration
    private(set) var state: State = .awaitingHello
    private var openStreams: Set<UInt32> = []

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public var openStreamCount: Int { openStreams.count }
    public var isClosed: Bool { state == .closed }

    // MARK: Frames from the client

    public mutating func frameReceived(_ frame: Frame) -> Action {
        switch state {
        case .closed:
            return .none
        case .awaitingHello:
            return helloReceived(frame)
        case .active, .draining:
            return streamFrameReceived(frame)
        }
    }

    /// The byte stream could not be split into frames: fatal for the connection.
    public mutating func decodingFailed(_ error: FrameError) -> Action {
        protocolError(error.statusCode, error.description)
    }

    private mutating func helloReceived(_ frame: Frame) -> Action {
        guard frame.type == .hello, frame.streamID == 0 else {
            return protocolError(.failedPrecondition, "expected HELLO as the first frame, got \(frame.type) on stream \(frame.streamID)")
        }
        let hello: Oms_V1_Hello
        do {
            hello = try frame.decode(Oms_V1_Hello.self)
        } catch {
            return protocolError(.invalidArgument, error.message)
        }
        let low = max(hello.minVersion, configuration.versions.lowerBound)
        let high = min(hello.maxVersion, configuration.versions.upperBound)
        guard hello.minVersion <= hello.maxVersion, low <= high else {
            return protocolError(
                .unimplemented,
                "unsupported protocol version range \(hello.minVersion)...\(hello.maxVersion); this server speaks \(configuration.versions.lowerBound)...\(configuration.versions.upperBound)"
            )
        }
        var answer = Oms_V1_Hello()
        answer.minVersion = configuration.versions.lowerBound
        answer.maxVersion = configuration.versions.upperBound
        answer.version = high
        answer.agent = configuration.agent
        answer.maxFrameSize = UInt32(configuration.maxFrameSize)
        answer.maxConcurrentStreams = UInt32(configuration.maxConcurrentStreams)
        state = .active
        return .send(.hello(answer))
    }

    private mutating func streamFrameReceived(_ frame: Frame) -> Action {
        switch frame.type {
        case .request:
            return requestReceived(frame)
        case .cancel:
            guard frame.streamID != 0 else { return protocolError(.invalidArgument, "CANCEL on stream 0") }
            // A stream that already ended needs nothing: its status crossed the CANCEL.
            guard openStreams.remove(frame.streamID) != nil else { return .none }
            return closeIfDrained(otherwise: .cancel(streamID: frame.streamID))
        case .ping:
            guard frame.streamID == 0, frame.payload.count == 8 else {
                return protocolError(.invalidArgument, "PING must carry 8 bytes on stream 0")
            }
            return frame.flags.contains(.ack) ? .none : .send(.ping(frame.pingOpaque, ack: true))
        case .goAway:
            // A code other than OK is a connection error from the client's side: close now.
            guard let goAway = try? frame.decode(Oms_V1_GoAway.self), goAway.code == .ok else { return close() }
            // The client is leaving: finish what is open, then close.
            state = .draining
            return openStreams.isEmpty ? close() : .none
        case .hello:
            return protocolError(.failedPrecondition, "HELLO received twice")
        case .message:
            return protocolError(.unimplemented, "protocol version 1 has no client-streaming: MESSAGE from a client on stream \(frame.streamID)")
        case .status:
            return protocolError(.invalidArgument, "STATUS frames are sent by servers only")
        }
    }

    private mutating func requestReceived(_ frame: Frame) -> Action {
        let id = frame.streamID
        guard id != 0 else { return protocolError(.invalidArgument, "REQUEST on stream 0") }
        guard !openStreams.contains(id) else {
            return protocolError(.invalidArgument, "stream id \(id) reused while that stream is still open")
        }
        guard state == .active else {
            return .send(.status(streamID: id, RPCError(.unavailable, "this connection is closing (GOAWAY); retry on a new connection")))
        }
        guard openStreams.count < configuration.maxConcurrentStreams else {
            return .send(.status(streamID: id, RPCError(
                .resourceExhausted,
                "too many concurrent streams on this connection (limit \(configuration.maxConcurrentStreams))"
            )))
        }
        let parts: (header: Oms_V1_RequestHeader, message: [UInt8])
        do {
            parts = try frame.requestParts()
        } catch {
            return .send(.status(streamID: id, error))
        }
        openStreams.insert(id)
        let timeout = parts.header.timeoutMicros == 0
            ? nil : Duration.microseconds(Int64(min(parts.header.timeoutMicros, Self.longestTimeoutMicros)))
        return .open(OpenedStream(streamID: id, header: parts.header, message: parts.message, timeout: timeout))
    }

    // MARK: Events from handlers and timers

    /// A handler produced a response message; nil stream state means it is dropped.
    public mutating func messageToSend(streamID: UInt32, _ message: [UInt8]) -> Action {
        guard state != .closed, openStreams.contains(streamID) else { return .none }
        // More than a client may leave unread at once: it could only be sent by disconnecting the client.
        guard message.count <= configuration.maxUnsentBytes else {
            openStreams.remove(streamID)
            let refusal = RPCError(
                .resourceExhausted,
                "the response of \(message.count) bytes is over the \(configuration.maxUnsentBytes) bytes one message may hold; ask for less")
            let frame = Frame.status(streamID: streamID, refusal)
            if state == .draining && openStreams.isEmpty {
                state = .closed
                return .sendAndClose(frame)
            }
            return .sendAndCancel(frame, streamID: streamID)
        }
        return .send(.message(streamID: streamID, message))
    }

    /// A handler ended its stream. A stream already ended (deadline, cancel) ignores it.
    public mutating func streamFinished(streamID: UInt32, _ status: Oms_V1_Status) -> Action {
        guard state != .closed, openStreams.remove(streamID) != nil else { return .none }
        return closeIfDrained(otherwise: .send(.status(streamID: streamID, status)))
    }

    public mutating func deadlineExpired(streamID: UInt32) -> Action {
        guard state != .closed, openStreams.remove(streamID) != nil else { return .none }
        let frame = Frame.status(streamID: streamID, RPCError(.deadlineExceeded, "deadline exceeded before the server answered"))
        if state == .draining && openStreams.isEmpty {
            state = .closed
            return .sendAndClose(frame)
        }
        return .sendAndCancel(frame, streamID: streamID)
    }

    /// Graceful shutdown: GOAWAY now, close when the open streams are done.
    public mutating func shutdownRequested() -> Action {
        switch state {
        case .awaitingHello:
            return close()
        case .active:
            state = .draining
            let goAway = Frame.goAway(.ok, reason: "server is shutting down")
            if openStreams.isEmpty {
                state = .closed
                return .sendAndClose(goAway)
            }
            return .send(goAway)
        case .draining, .closed:
            return .none
        }
    }

    /// The peer closed the connection: every open stream is abandoned.
    public mutating func inputClosed() -> [UInt32] {
        state = .closed
        defer { openStreams.removeAll() }
        return Array(openStreams)
    }

    // MARK: Helpers

    private mutating func protocolError(_ code: StatusCode, _ reason: String) -> Action {
        state = .closed
        return .sendAndClose(.goAway(code, reason: reason))
    }

    private mutating func close() -> Action {
        state = .closed
        return .close
    }

    /// While draining, the last stream to end closes the connection after its frame.
    private mutating func closeIfDrained(otherwise action: Action) -> Action {
        guard state == .draining, openStreams.isEmpty else { return action }
        state = .closed
        switch action {
        case .send(let frame): return .sendAndClose(frame)
        default: return .close
        }
    }
}
