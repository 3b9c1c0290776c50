import NIOCore
import OMSRPC
import OMSWire

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
    private let unsent: NIOLoopBoundBox<Int>

    init(channel: any Channel) {
        self.channel = channel
        self.lastWrite = NIOLoopBoundBox(nil, eventLoop: channel.eventLoop)
        self.unsent = NIOLoopBoundBox(0, eventLoop: channel.eventLoop)
    }

    func write(_ bytes: [UInt8]) {
        let buffer = channel.allocator.buffer(bytes: bytes)
        let count = bytes.count
        unsent.value += count
        let written = channel.writeAndFlush(buffer)
        // Completes on the event loop once the kernel took the bytes (or the write failed).
        written.whenComplete { [unsent] _ in unsent.value -= count }
        lastWrite.value = written
    }

    var unsentBytes: Int { unsent.value }

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
