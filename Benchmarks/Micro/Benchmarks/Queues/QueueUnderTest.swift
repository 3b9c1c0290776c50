import OMSEngine

/// What a producer/consumer run needs of a queue: bounded pushes from any
/// thread and, on the one consumer thread, "take what is there now".
protocol QueueUnderTest: AnyObject, Sendable {
    /// Any thread. False when the queue is full.
    func push(_ value: Int) -> Bool
    /// Consumer thread only: hands the elements queued now to `body`, oldest
    /// first, and returns how many there were (0 when empty).
    func drain(_ body: (Int) -> Void) -> Int
}

/// The shard's queue as the shard's thread uses it: pop until empty.
final class LockFreeQueue: QueueUnderTest {
    private let queue: MPSCQueue<Int>

    init(capacity: Int) {
        queue = MPSCQueue(capacity: capacity)
    }

    func push(_ value: Int) -> Bool {
        queue.push(value)
    }

    func drain(_ body: (Int) -> Void) -> Int {
        var count = 0
        while let value = queue.pop() {
            body(value)
            count += 1
        }
        return count
    }
}
