import NIOCore
import NIOPosix
import OMSWire

/// A one-shot timer for a call's deadline, on the shared event loop group.
struct DeadlineTimer: Sendable {
    private let scheduled: Scheduled<Void>

    init(after delay: Duration, _ work: @escaping @Sendable () -> Void) {
        scheduled = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(delay.totalNanoseconds), work)
    }

    func cancel() { scheduled.cancel() }
}
