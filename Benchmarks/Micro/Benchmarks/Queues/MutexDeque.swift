import DequeModule
import Synchronization

/// The baseline: a bounded Deque behind a Mutex (Synchronization).
final class MutexDeque: QueueUnderTest, @unchecked Sendable {
    /// How the consumer takes elements out.
    enum Take {
        /// One lock acquisition per element: the same interface as MPSCQueue.pop.
        case one
        /// Swaps the whole deque out under one lock: what a mutex queue does at its best.
        case all
    }

    private let state = Mutex(Deque<Int>())
    private let capacity: Int
    private let take: Take
    /// Consumer thread only (hence @unchecked Sendable): the storage swapped
    /// in for `.all`, recycled so that draining allocates nothing.
    private var spare = Deque<Int>()

    init(capacity: Int, take: Take) {
        self.capacity = capacity
        self.take = take
    }

    func push(_ value: Int) -> Bool {
        state.withLock { deque in
            guard deque.count < capacity else { return false }
            deque.append(value)
            return true
        }
    }

    func drain(_ body: (Int) -> Void) -> Int {
        switch take {
        case .one:
            var count = 0
            while let value = state.withLock({ $0.popFirst() }) {
                body(value)
                count += 1
            }
            return count
        case .all:
            spare.removeAll(keepingCapacity: true)
            state.withLock { swap(&$0, &spare) }
            spare.forEach(body)
            return spare.count
        }
    }
}
