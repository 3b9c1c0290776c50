import NIOCore
import NIOPosix

/// A one-shot timer for a call's deadline, on the shared event loop group.
struct DeadlineTimer: Sendable {
    private let scheduled: Scheduled<Void>

    init(after delay: Duration, _ work: @escaping @Sendable () -> Void) {
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        scheduled = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(nanoseconds), work)
    }

    func cancel() { scheduled.cancel() }
}
