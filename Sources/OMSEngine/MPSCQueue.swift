import Atomics

#if canImport(Glibc)
import Glibc
#endif

/// A bounded multi-producer, single-consumer queue without locks: a ring of
/// slots, each with a sequence number (Vyukov's bounded queue). A producer
/// claims a position with one compare-and-swap, writes the element and
/// publishes it by storing the slot's sequence; the consumer reads slots in
/// order. No allocation per element. `push` never blocks; when the queue holds
/// `capacity` elements it refuses, so callers can answer RESOURCE_EXHAUSTED
/// instead of waiting.
///
/// Sendable by construction of the algorithm, not of the types: a slot's
/// element is written only by the producer that claimed the slot and read only
/// by the consumer after it saw the slot's sequence (release/acquire);
/// `dequeuePosition` is written only by the consumer.
public final class MPSCQueue<Element: Sendable>: @unchecked Sendable {
    /// Positions refused to ordinary pushes but open to forced ones (commit
    /// completions, stop), so those always find a slot.
    private static var forcedHeadroom: Int { 64 }

    public let capacity: Int
    private let mask: Int
    private let sequences: UnsafeMutablePointer<UnsafeAtomic<Int>.Storage>
    /// Initialized only while a slot holds an element.
    private let elements: UnsafeMutablePointer<Element>
    private let enqueuePosition = ManagedAtomic<Int>(0)
    private let dequeuePosition = ManagedAtomic<Int>(0)

    public init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        var slots = 1
        while slots < capacity + Self.forcedHeadroom { slots <<= 1 }
        mask = slots - 1
        sequences = .allocate(capacity: slots)
        for slot in 0..<slots { (sequences + slot).initialize(to: .init(slot)) }
        elements = .allocate(capacity: slots)
    }

    deinit {
        while pop() != nil {}
        sequences.deinitialize(count: mask + 1)
        sequences.deallocate()
        elements.deallocate()
    }

    private func sequence(_ position: Int) -> UnsafeAtomic<Int> {
        UnsafeAtomic(at: sequences + (position & mask))
    }

    /// Any thread. False when the queue is full (unless `force`, for
    /// messages that must not be refused, such as commit completions).
    @discardableResult
    public func push(_ element: Element, force: Bool = false) -> Bool {
        var position = enqueuePosition.load(ordering: .relaxed)
        while true {
            if !force && position - dequeuePosition.load(ordering: .relaxed) >= capacity { return false }
            let lag = sequence(position).load(ordering: .acquiring) - position
            if lag == 0 {
                let (claimed, current) = enqueuePosition.weakCompareExchange(
                    expected: position, desired: position + 1, ordering: .relaxed)
                if claimed { break }
                position = current
            } else if lag < 0 {
                // The slot still holds an element a lap behind: the ring is
                // full. Only a forced push gets here; the consumer is draining.
                guard force else { return false }
                Self.pause()
                position = enqueuePosition.load(ordering: .relaxed)
            } else {
                position = enqueuePosition.load(ordering: .relaxed)
            }
        }
        (elements + (position & mask)).initialize(to: element)
        sequence(position).store(position + 1, ordering: .releasing)
        return true
    }

    /// Consumer thread only. Nil when empty (or when a push is half-way: its
    /// producer signals after finishing, so the consumer looks again).
    public func pop() -> Element? {
        let position = dequeuePosition.load(ordering: .relaxed)
        guard sequence(position).load(ordering: .acquiring) == position + 1 else { return nil }
        let element = (elements + (position & mask)).move()
        // The slot is free for the producer one lap ahead.
        sequence(position).store(position + mask + 1, ordering: .releasing)
        dequeuePosition.store(position + 1, ordering: .relaxed)
        return element
    }

    /// Approximate number of queued elements.
    public var approximateCount: Int {
        max(0, enqueuePosition.load(ordering: .relaxed) - dequeuePosition.load(ordering: .relaxed))
    }

    private static func pause() {
        #if canImport(Glibc)
        sched_yield()
        #endif
    }
}
