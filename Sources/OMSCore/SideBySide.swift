import Foundation

/// Runs `other` on a thread of its own while `body` runs on the caller's,
/// and returns both results once both are done. For the independent halves
/// of one CPU-bound computation (restoring a snapshot's two large tables).
func sideBySide<Other: Sendable, Result>(_ other: @escaping @Sendable () -> Other, _ body: () -> Result)
    -> (other: Other, result: Result)
{
    let done = DispatchSemaphore(value: 0)
    let box = SideBySideBox<Other>()
    Thread {
        box.value = other()
        done.signal()
    }.start()
    let result = body()
    done.wait()
    guard let value = box.value else { preconditionFailure("side-by-side work delivered nothing") }
    return (value, result)
}

/// Carries the other thread's result; the semaphore orders its write before the read.
private final class SideBySideBox<Value>: @unchecked Sendable {
    var value: Value?
}
