import OMSProto
import OMSWire
import Synchronization

/// The multiplexing core of a client connection: assigns stream ids, frames
/// requests, routes responses to their calls. Transport-agnostic.
final class ClientConnection: ClientByteReceiver, Sendable {
    private struct State {
        var machine = ClientConnectionStateMachine<CallHandle>()
        var decoder = FrameDecoder(maxPayloadSize: 64 << 20)
        var channel: (any ClientByteChannel)?
        var ready: CheckedContinuation<Void, any Error>?
        var readyResult: Result<Void, RPCError>?
        /// Open calls' deadlines, served by one timer armed for the earliest.
        var deadlines = DeadlineQueue<UInt32, (call: CallHandle, timeout: Duration), ContinuousClock.Instant>()
        var deadlineTimer: (timer: DeadlineTimer, firesAt: ContinuousClock.Instant)?
        /// Tells a superseded timer that fires anyway (its cancel lost a race) to do nothing.
        var deadlineTimerGeneration: UInt64 = 0
    }

    private let state = Mutex(State())
    let options: ConnectionOptions

    init(options: ConnectionOptions) {
        self.options = options
    }

    /// Connects the transport and exchanges HELLO.
    func start(transport: any ClientTransport) async throws {
        let channel = try await transport.connect(receiver: self)
        state.withLock { $0.channel = channel }
        channel.write(ClientConnectionStateMachine<CallHandle>.hello(agent: options.agent).encoded)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready = state.withLock { state -> Result<Void, RPCError>? in
                if let result = state.readyResult { return result }
                state.ready = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    var serverHello: Oms_V1_Hello { state.withLock { $0.machine.serverHello } }

    // MARK: Calls

    /// Opens a stream for `call` and sends its REQUEST frame.
    func open(_ call: CallHandle, method: String, message: [UInt8], options: CallOptions) {
        var header = Oms_V1_RequestHeader()
        header.method = method
        let timeout = options.timeout ?? self.options.defaultTimeout
        if let timeout { header.timeoutMicros = UInt64(max(1, timeout.totalMicroseconds)) }
        header.authToken = options.authToken ?? self.options.authToken
        header.idempotencyKey = options.idempotencyKey
        header.traceID = options.traceID
        header.metadata = options.metadata

        let deadline = timeout.map { ContinuousClock.now + $0 }
        // The stream and its deadline under one lock: callers and the reading thread share it.
        let opened = state.withLock { state -> Result<(UInt32, any ClientByteChannel), RPCError> in
            guard let channel = state.channel else { return .failure(RPCError(.unavailable, "connection closed")) }
            return state.machine.openStream(call).map { id in
                call.streamID = id
                if let deadline, let timeout {
                    state.deadlines.insert(id, deadline: deadline, value: (call, timeout))
                    armDeadlineTimer(&state)
                }
                return (id, channel)
            }
        }
        switch opened {
        case .failure(let error):
            call.complete(.failure(error))
        case .success(let (id, channel)):
            channel.write(Frame.request(streamID: id, header: header, message: message).encoded)
        }
    }

    /// Keeps the timer at or before the earliest open deadline. A call that
    /// ends leaves it armed: it then fires early, finds nothing due and re-arms.
    private func armDeadlineTimer(_ state: inout State) {
        guard let earliest = state.deadlines.earliest else { return }
        if let armed = state.deadlineTimer {
            guard earliest < armed.firesAt else { return }
            armed.timer.cancel()
        }
        state.deadlineTimerGeneration &+= 1
        let generation = state.deadlineTimerGeneration
        let timer = DeadlineTimer(after: max(.zero, earliest - .now)) { [weak self] in
            self?.deadlineTimerFired(generation)
        }
        state.deadlineTimer = (timer, earliest)
    }

    private func deadlineTimerFired(_ generation: UInt64) {
        let due = state.withLock { state -> [(key: UInt32, value: (call: CallHandle, timeout: Duration))] in
            guard generation == state.deadlineTimerGeneration else { return [] }
            state.deadlineTimer = nil
            let due = state.deadlines.popDue(now: .now)
            armDeadlineTimer(&state)
            return due
        }
        for (_, expired) in due {
            abandon(expired.call, with: RPCError(.deadlineExceeded, "deadline of \(expired.timeout) exceeded"))
        }
    }

    /// The connection is done: no call's deadline matters any more.
    private func clearDeadlines() {
        state.withLock { state in
            state.deadlines.removeAll()
            state.deadlineTimer?.timer.cancel()
            state.deadlineTimer = nil
        }
    }

    /// The caller gave up (cancelled, deadline): tell the server and fail the call.
    func abandon(_ call: CallHandle, with error: RPCError) {
        if let id = call.streamID {
            let channel = state.withLock { state -> (any ClientByteChannel)? in
                state.deadlines.remove(id)
                return state.machine.cancelStream(id) == nil ? nil : state.channel
            }
            channel?.write(Frame.cancel(streamID: id).encoded)
        }
        call.complete(.failure(error))
    }

    func close() {
        let (action, channel) = state.withLock { state in
            (state.machine.close(), state.channel)
        }
        perform([action])
        channel?.close()
    }

    // MARK: ClientByteReceiver

    func received(_ bytes: [UInt8]) {
        let actions = state.withLock { state -> [ClientConnectionStateMachine<CallHandle>.Action] in
            state.decoder.append(bytes)
            var actions: [ClientConnectionStateMachine<CallHandle>.Action] = []
            while !state.machine.isClosed {
                do throws(FrameError) {
                    guard let frame = try state.decoder.nextFrame() else { break }
                    // A status ends its call: its deadline no longer matters.
                    if frame.type == .status { state.deadlines.remove(frame.streamID) }
                    actions.append(state.machine.frameReceived(frame))
                } catch {
                    actions.append(state.machine.decodingFailed(error))
                }
            }
            return actions
        }
        perform(actions)
    }

    func closed() {
        let action = state.withLock { $0.machine.connectionClosed() }
        perform([action])
        failReady(RPCError(.unavailable, "connection closed before the server answered HELLO"))
    }

    /// Completes calls outside the lock, in frame order.
    private func perform(_ actions: [ClientConnectionStateMachine<CallHandle>.Action]) {
        for action in actions {
            switch action {
            case .none:
                break
            case .ready:
                let continuation = state.withLock { state in
                    state.readyResult = .success(())
                    defer { state.ready = nil }
                    return state.ready
                }
                continuation?.resume()
            case .message(let call, let bytes):
                call.messageReceived(bytes)
            case .finished(let call, let status):
                call.finished(status.code == .ok ? nil : RPCError(status: status))
            case .send(let frame):
                state.withLock { $0.channel }?.write(frame.encoded)
            case .fail(let calls, let error):
                clearDeadlines()
                calls.forEach { $0.complete(.failure(error)) }
                failReady(error)
                state.withLock { $0.channel }?.close()
            }
        }
    }

    private func failReady(_ error: RPCError) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.readyResult == nil { state.readyResult = .failure(error) }
            defer { state.ready = nil }
            return state.ready
        }
        continuation?.resume(throwing: error)
    }
}
