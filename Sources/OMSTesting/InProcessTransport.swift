import Dispatch
import Logging
public import OMSClient
public import OMSRPC
import OMSWire
import Synchronization

/// Joins a client to a server connection without sockets: bytes go through
/// the real codec and state machines, on serial queues instead of event loops.
public struct InProcessTransport: ClientTransport {
    let router: RPCRouter
    let configuration: ServerConnectionStateMachine.Configuration
    let counters: ServerCounters

    public init(router: RPCRouter, configuration: ServerConnectionStateMachine.Configuration = .init(), counters: ServerCounters) {
        self.router = router
        self.configuration = configuration
        self.counters = counters
    }

    public func connect(receiver: any ClientByteReceiver) async throws -> any ClientByteChannel {
        let serverQueue = QueueExecutor(label: "in-process.server")
        // Server output is delivered on a queue of its own, so client code never runs on the server's executor.
        let clientQueue = DispatchQueue(label: "in-process.client")
        let output = ToClient(receiver: receiver, queue: clientQueue)
        let connection = ServerConnection(
            router: router,
            configuration: configuration,
            executor: serverQueue,
            output: output,
            counters: counters,
            peer: "in-process",
            logger: Logger(label: "omsd.in-process")
        )
        return ToServer(connection: connection, executor: serverQueue)
    }
}

/// Client -> server bytes.
private struct ToServer: ClientByteChannel {
    let connection: ServerConnection
    let executor: QueueExecutor

    func write(_ bytes: [UInt8]) {
        executor.execute { connection.receive(bytes) }
    }

    func close() {
        executor.execute { connection.inputClosed() }
    }
}

/// Server -> client bytes; closing ends the client's byte stream once.
private final class ToClient: ConnectionOutput {
    let receiver: any ClientByteReceiver
    let queue: DispatchQueue
    private let isClosed = Mutex(false)

    init(receiver: any ClientByteReceiver, queue: DispatchQueue) {
        self.receiver = receiver
        self.queue = queue
    }

    func write(_ bytes: [UInt8]) {
        guard !isClosed.withLock({ $0 }) else { return }
        queue.async { [receiver] in receiver.received(bytes) }
    }

    /// Handed to the client's queue at once.
    var unsentBytes: Int { 0 }

    func abort() { close() }

    func close() {
        let first = isClosed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        if first { queue.async { [receiver] in receiver.closed() } }
    }
}

/// A serial dispatch queue as a connection executor.
struct QueueExecutor: ConnectionExecutor {
    private let queue: DispatchQueue
    private let key = DispatchSpecificKey<Bool>()

    init(label: String) {
        queue = DispatchQueue(label: label)
        queue.setSpecific(key: key, value: true)
    }

    var inExecutor: Bool { DispatchQueue.getSpecific(key: key) == true }

    func execute(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void) -> any CancellableTimer {
        let timer = QueueTimer()
        queue.asyncAfter(deadline: .now() + .nanoseconds(Int(delay.totalNanoseconds))) {
            if !timer.isCancelled { work() }
        }
        return timer
    }
}

private final class QueueTimer: CancellableTimer {
    private let cancelled = Mutex(false)
    var isCancelled: Bool { cancelled.withLock { $0 } }
    func cancel() { cancelled.withLock { $0 = true } }
}
