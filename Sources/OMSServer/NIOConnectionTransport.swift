import NIOCore
import OMSRPC
import OMSWire
import Synchronization

/// A server connection's executor: its channel's event loop.
struct EventLoopExecutor: ConnectionExecutor {
    let eventLoop: any EventLoop

    var inExecutor: Bool { eventLoop.inEventLoop }

    func execute(_ work: @escaping @Sendable () -> Void) {
        eventLoop.execute(work)
    }

    func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void) -> any CancellableTimer {
        ScheduledTimer(scheduled: eventLoop.scheduleTask(in: .nanoseconds(delay.totalNanoseconds), work))
    }
}

struct ScheduledTimer: CancellableTimer {
    let scheduled: Scheduled<Void>
    func cancel() { scheduled.cancel() }
}

/// Writes a connection's frames to its channel; closes after the last write lands.
struct ChannelOutput: ConnectionOutput {
    let channel: any Channel
    private let lastWrite: NIOLoopBoundBox<EventLoopFuture<Void>?>
    /// Written on the event loop, read from any thread (handlers pacing themselves).
    private let unsent = UnsentBytes()

    init(channel: any Channel) {
        self.channel = channel
        self.lastWrite = NIOLoopBoundBox(nil, eventLoop: channel.eventLoop)
    }

    func write(_ bytes: [UInt8]) {
        let buffer = channel.allocator.buffer(bytes: bytes)
        let count = bytes.count
        unsent.count.add(count, ordering: .relaxed)
        let written = channel.writeAndFlush(buffer)
        // Completes once the kernel took the bytes (or the write failed).
        written.whenComplete { [unsent] _ in unsent.count.subtract(count, ordering: .relaxed) }
        lastWrite.value = written
    }

    var unsentBytes: Int { unsent.count.load(ordering: .relaxed) }

    func abort() {
        channel.close(promise: nil)
    }

    func close() {
        let channel = self.channel
        if let pending = lastWrite.value {
            pending.whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
    }
}

private final class UnsentBytes: Sendable {
    let count = Atomic<Int>(0)
}
