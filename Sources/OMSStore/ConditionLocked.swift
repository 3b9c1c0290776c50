internal import Foundation

/// A value guarded by a condition variable: producers change it under the
/// lock, the owning thread waits on it. The only `@unchecked Sendable` in the
/// module: every access to `value` happens with `condition` held.
final class ConditionLocked<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer { condition.unlock() }
        return try body(&value)
    }

    /// Runs `body` under the lock until it returns a result; when it returns
    /// nil, waits for `signal()` or the deadline (none: indefinitely), then
    /// asks again.
    func waitFor<Result>(_ body: (inout Value) -> (result: Result?, waitUntil: Date?)) -> Result {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let step = body(&value)
            if let result = step.result { return result }
            if let deadline = step.waitUntil {
                _ = condition.wait(until: deadline)
            } else {
                // wait(until: .distantFuture) traps in corelibs Foundation.
                condition.wait()
            }
        }
    }

    /// Wakes the waiting thread. Call after a change made under `withLock`.
    func signal() {
        condition.lock()
        condition.signal()
        condition.unlock()
    }
}
