import Atomics

/// A bounded multi-producer, single-consumer queue without locks (Vyukov's
/// linked list): producers swap the head atomically, the one consumer walks
/// from the tail. `push` never blocks; when the queue holds `capacity`
/// elements it refuses, so callers can answer RESOURCE_EXHAUSTED instead of
/// waiting.
///
/// Sendable by construction of the algorithm, not of the types: `tail` is only
/// touched by the single consumer, `head`, `count` and each node's `next` are
/// atomics, and a node's `value` is written before the node is published
/// (release) and read after it is seen (acquire).
public final class MPSCQueue<Element: Sendable>: @unchecked Sendable {
    private final class Node: AtomicReference, @unchecked Sendable {
        var value: Element?
        let next = ManagedAtomic<Node?>(nil)

        init(_ value: Element?) {
            self.value = value
        }
    }

    public let capacity: Int
    private let head: ManagedAtomic<Node>
    private var tail: Node
    private let count = ManagedAtomic<Int>(0)

    public init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        let stub = Node(nil)
        head = ManagedAtomic(stub)
        tail = stub
    }

    /// Any thread. False when the queue is full (unless `force`, for
    /// messages that must not be refused, such as commit completions).
    @discardableResult
    public func push(_ element: Element, force: Bool = false) -> Bool {
        let before = count.loadThenWrappingIncrement(ordering: .relaxed)
        if before >= capacity && !force {
            count.wrappingDecrement(ordering: .relaxed)
            return false
        }
        let node = Node(element)
        let previous = head.exchange(node, ordering: .acquiringAndReleasing)
        previous.next.store(node, ordering: .releasing)
        return true
    }

    /// Consumer thread only. Nil when empty (or when a push is half-way: its
    /// producer signals after finishing, so the consumer looks again).
    public func pop() -> Element? {
        guard let next = tail.next.load(ordering: .acquiring) else { return nil }
        tail = next
        let value = next.value
        next.value = nil
        count.wrappingDecrement(ordering: .relaxed)
        return value
    }

    /// Approximate number of queued elements.
    public var approximateCount: Int { count.load(ordering: .relaxed) }
}
