import NIOCore
import NIOPosix
import OMSWire

/// A one-shot timer on the shared event loop group: a connection arms one for its earliest call deadline.
struct DeadlineTimer: Sendable {
    private let scheduled: Scheduled<Void>

    init(after delay: Duration, _ work: @escaping @Sendable () -> Void) {
        scheduled = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(delay.totalNanoseconds), work)
    }

    func cancel() { scheduled.cancel() }
}
