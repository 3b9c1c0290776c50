import NIOCore
import NIOPosix

/// A load generator's callers run on the event loops that carry their connections:
/// NIO's loops are Swift concurrency's global executor here, so an answer
/// resumes its caller on the loop that read it, and a paced caller waits on
/// that loop's timer. On two cores, the hops through the default pool and
/// the dispatch timer thread cost the load generator more CPU than the
/// calls themselves, CPU the daemon under test then goes without.
public enum EventLoopExecution {
    /// Before any task starts.
    public static func install() {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Waits for `instant` on the current event loop's timer.
    @Sendable public static func sleep(until instant: ContinuousClock.Instant) async {
        let remaining = ContinuousClock.now.duration(to: instant)
        guard remaining > .zero else { return }
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        try? await loop.scheduleTask(in: TimeAmount(remaining)) {}.futureResult.get()
    }
}
