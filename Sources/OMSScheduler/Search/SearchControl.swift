import Synchronization

/// Shared handle on a running search: cancel it, or read the best plan so far
/// from any thread at any time.
public final class SearchControl: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let state = Mutex<(plan: Plan?, iterations: Int)>((nil, 0))

    /// Creates a control.
    public init() {}

    /// Asks the search to stop after its current iteration.
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// The best plan found so far (updated at each exchange between threads).
    public var bestPlan: Plan? { state.withLock { $0.plan } }

    /// Iterations done so far over all threads.
    public var iterations: Int { state.withLock { $0.iterations } }

    func publish(_ plan: Plan?, iterations: Int) {
        state.withLock {
            if let plan { $0.plan = plan }
            $0.iterations = iterations
        }
    }
}
