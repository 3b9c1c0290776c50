public import Logging
import OMSProto
public import OMSWire
import Synchronization

/// Drives one server connection: bytes in, frames decoded, streams dispatched
/// to handlers, responses framed and written. Transport-free: NIO and the
/// in-process transport both feed it.
///
/// Thread confinement: every mutable property is touched only on `executor`
/// (one event loop or serial queue). Handlers may answer from any thread;
/// their calls hop onto the executor through `inbox`. That is why the class
/// can be shared.
public final class ServerConnection: @unchecked Sendable {
    private let router: RPCRouter
    private let executor: any ConnectionExecutor
    private let output: any ConnectionOutput
    private let counters: ServerCounters
    private let logger: Logger
    private let peer: String
    private let maxUnsentBytes: Int

    private var machine: ServerConnectionStateMachine
    private var decoder: FrameDecoder
    private var streams: [UInt32: ServerStream] = [:]
    /// Open streams' deadlines, served by one timer armed for the earliest.
    private var deadlines = DeadlineQueue<UInt32, Void, ContinuousClock.Instant>()
    private var deadlineTimer: (timer: any CancellableTimer, firesAt: ContinuousClock.Instant)?
    /// Tells a superseded timer that fires anyway (its cancel lost a race) to do nothing.
    private var deadlineTimerGeneration: UInt64 = 0
    private var outbound: [UInt8] = []
    /// While reading input, writes collect and go out in one flush at the end.
    private var readingInput = false
    private var flushScheduled = false
    private var tornDown = false
    /// Handler events from other threads, in the order they came. The first
    /// one in an empty inbox schedules a drain: a shard that answers a whole
    /// commit's calls at once costs the executor one task, not one per call.
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    /// Message bytes handlers sent that are not yet framed (any thread).
    private let handedOver = Atomic<Int>(0)

    public init(
        router: RPCRouter,
        configuration: ServerConnectionStateMachine.Configuration,
        executor: any ConnectionExecutor,
        output: any ConnectionOutput,
        counters: ServerCounters,
        peer: String,
        logger: Logger
    ) {
        self.router = router
        self.executor = executor
        self.output = output
        self.counters = counters
        self.peer = peer
        self.maxUnsentBytes = configuration.maxUnsentBytes
        self.logger = logger
        self.machine = ServerConnectionStateMachine(configuration: configuration)
        self.decoder = FrameDecoder(maxPayloadSize: configuration.maxFrameSize)
        counters.increment(\.connectionsOpen)
        counters.increment(\.connectionsTotal)
    }

    // MARK: Transport events (on the executor)

    public func receive<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        guard !machine.isClosed else { return }
        decoder.append(bytes)
        readingInput = true
        while !machine.isClosed {
            let frame: Frame?
            do {
                frame = try decoder.nextFrame()
            } catch {
                run(machine.decodingFailed(error))
                break
            }
            guard let frame else { break }
            run(machine.frameReceived(frame))
        }
        readingInput = false
        flush()
    }

    /// The peer closed its side (or the socket failed): abandon every open stream.
    public func inputClosed() {
        do {
            try decoder.finish()
        } catch {
            logger.debug("peer closed mid-frame: \(error)", metadata: ["peer": "\(peer)"])
        }
        _ = machine.inputClosed()
        tearDown()
    }

    /// Graceful shutdown: GOAWAY now, close when open streams are done. Any thread.
    public func shutdown() {
        onExecutor {
            self.run(self.machine.shutdownRequested())
            self.flush()
        }
    }

    // MARK: Handler events (any thread)

    /// Whether the client has room for more: what handlers handed over and
    /// the client has not read yet is under a quarter of the limit at which
    /// it is disconnected.
    var clientHasRoom: Bool { handedOver.load(ordering: .relaxed) + output.unsentBytes < maxUnsentBytes / 4 }

    func handlerSent(streamID: UInt32, message: [UInt8]) {
        handedOver.add(message.count, ordering: .relaxed)
        onExecutor {
            // From here on it counts in the output's unsent bytes (flushed this turn).
            self.handedOver.subtract(message.count, ordering: .relaxed)
            // Torn down: nothing is written any more, so nothing is kept for it.
            guard !self.tornDown else { return }
            self.run(self.machine.messageToSend(streamID: streamID, message))
            self.scheduleFlush()
        }
    }

    func handlerFinished(streamID: UInt32, message: [UInt8]?, status: Oms_V1_Status) {
        onExecutor {
            guard !self.tornDown else { return }
            if let message { self.run(self.machine.messageToSend(streamID: streamID, message)) }
            self.endStream(streamID, cancelHandler: false)
            self.run(self.machine.streamFinished(streamID: streamID, status))
            self.scheduleFlush()
        }
    }

    // MARK: Actions

    private func run(_ action: ServerConnectionStateMachine.Action) {
        switch action {
        case .none:
            break
        case .send(let frame):
            frame.encode(into: &outbound)
        case .open(let opened):
            dispatch(opened)
        case .cancel(let streamID):
            counters.increment(\.streamsCancelled)
            endStream(streamID, cancelHandler: true)
        case .sendAndCancel(let frame, let streamID):
            frame.encode(into: &outbound)
            endStream(streamID, cancelHandler: true)
        case .sendAndClose(let frame):
            // A GOAWAY with an error code is a protocol error: counted and logged once, here.
            if frame.type == .goAway, let goAway = try? frame.decode(Oms_V1_GoAway.self), goAway.code != .ok {
                counters.increment(\.protocolErrors)
                logger.notice("closing connection: \(goAway.reason)", metadata: ["peer": "\(peer)"])
            }
            frame.encode(into: &outbound)
            flush()
            tearDown()
        case .close:
            flush()
            tearDown()
        }
    }

    private func dispatch(_ opened: ServerConnectionStateMachine.OpenedStream) {
        counters.increment(\.requestsTotal)
        let id = opened.streamID
        let method = opened.header.method
        guard let handler = router.handler(for: method) else {
            return run(machine.streamFinished(streamID: id, RPCError(.unimplemented, "unknown method '\(method)'").status))
        }
        if let denied = router.auth.authorize(method: method, header: opened.header) {
            return run(machine.streamFinished(streamID: id, denied.status))
        }
        let stream = ServerStream(id: id, connection: self)
        streams[id] = stream
        counters.increment(\.streamsOpen)
        var deadline: ContinuousClock.Instant?
        if let timeout = opened.timeout {
            let instant = ContinuousClock.now + timeout
            deadline = instant
            deadlines.insert(id, deadline: instant, value: ())
            armDeadlineTimer()
        }
        let context = ServerContext(
            method: method,
            streamID: id,
            header: opened.header,
            deadline: deadline,
            peer: peer,
            principal: router.auth.principal(for: opened.header),
            roles: router.auth.roles(for: opened.header)
        )
        handler(ServerRequest(context: context, message: opened.message), stream)
    }

    private func endStream(_ id: UInt32, cancelHandler: Bool) {
        deadlines.remove(id)
        guard let stream = streams.removeValue(forKey: id) else { return }
        counters.decrement(\.streamsOpen)
        if cancelHandler { stream.cancel() }
    }

    /// `dropUnsent`: close at once instead of after what was written (for a
    /// client that does not read, that would be never).
    private func tearDown(dropUnsent: Bool = false) {
        guard !tornDown else { return }
        tornDown = true
        for id in Array(streams.keys) {
            counters.increment(\.streamsCancelled)
            endStream(id, cancelHandler: true)
        }
        deadlineTimer?.timer.cancel()
        deadlineTimer = nil
        counters.decrement(\.connectionsOpen)
        if dropUnsent { output.abort() } else { output.close() }
    }

    // MARK: Deadlines

    /// Keeps the timer at or before the earliest open deadline. An ended
    /// stream leaves it armed: it then fires early, finds nothing due and re-arms.
    private func armDeadlineTimer() {
        guard !tornDown, let earliest = deadlines.earliest else { return }
        if let armed = deadlineTimer {
            guard earliest < armed.firesAt else { return }
            armed.timer.cancel()
        }
        deadlineTimerGeneration &+= 1
        let generation = deadlineTimerGeneration
        let timer = executor.schedule(after: max(.zero, earliest - .now)) { [self] in
            deadlineTimerFired(generation)
        }
        deadlineTimer = (timer, earliest)
    }

    private func deadlineTimerFired(_ generation: UInt64) {
        guard generation == deadlineTimerGeneration, !tornDown else { return }
        deadlineTimer = nil
        for (id, _) in deadlines.popDue(now: .now) {
            let action = machine.deadlineExpired(streamID: id)
            if case .sendAndCancel = action { counters.increment(\.deadlinesExceeded) }
            run(action)
        }
        armDeadlineTimer()
        scheduleFlush()
    }

    // MARK: Output

    private func flush() {
        guard !outbound.isEmpty, !tornDown else { return }
        let bytes = outbound
        outbound.removeAll(keepingCapacity: true)
        output.write(bytes)
        if output.unsentBytes > maxUnsentBytes {
            logger.notice(
                "closing connection: the client left \(output.unsentBytes) bytes unread",
                metadata: ["peer": "\(peer)"])
            tearDown(dropUnsent: true)
        }
    }

    /// Responses that arrive together from other threads leave in one write.
    private func scheduleFlush() {
        guard !readingInput, !flushScheduled else { return }
        flushScheduled = true
        executor.execute { [self] in
            flushScheduled = false
            flush()
        }
    }

    private func onExecutor(_ body: @escaping @Sendable () -> Void) {
        if executor.inExecutor {
            // What other threads said first goes first.
            drainInbox()
            body()
            return
        }
        let first = inbox.withLock { events in
            events.append(body)
            return events.count == 1
        }
        if first { executor.execute { [self] in drainInbox() } }
    }

    private func drainInbox() {
        let events = inbox.withLock { events in
            defer { events.removeAll(keepingCapacity: true) }
            return events
        }
        events.forEach { $0() }
    }
}
