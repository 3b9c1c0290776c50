import Atomics
import Dispatch

/// Lets one consumer thread sleep when it has nothing to do and producers
/// wake it cheaply: a producer pays for a semaphore signal only when the
/// consumer is actually asleep.
final class WakeSignal: Sendable {
    private let sleeping = ManagedAtomic(false)
    private let semaphore = DispatchSemaphore(value: 0)

    /// Producer side, after publishing work.
    func wake() {
        if sleeping.exchange(false, ordering: .acquiringAndReleasing) {
            semaphore.signal()
        }
    }

    /// Consumer side: sleeps unless `hasWork` turns true after announcing the
    /// sleep (so a wake between the check and the wait is never lost).
    func sleep(unless hasWork: () -> Bool) {
        sleeping.store(true, ordering: .sequentiallyConsistent)
        if hasWork() {
            // A producer may already have consumed the flag and signalled; at
            // worst the next sleep returns at once, which is harmless.
            sleeping.store(false, ordering: .relaxed)
            return
        }
        semaphore.wait()
    }
}
