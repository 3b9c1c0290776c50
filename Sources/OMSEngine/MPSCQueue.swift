import Atomics

#if canImport(Glibc)
import Glibc
#endif

/// A bounded multi-producer, single-consumer queue without locks: a ring of
/// slots, each with a sequence number (after Vyukov's bounded queue). A
/// producer claims a position with one fetch-and-add, writes the element and
/// publishes it by storing the slot's sequence; the consumer reads slots in
/// order. No allocation per element. When the queue holds `capacity` elements
/// `push` refuses, so callers can answer RESOURCE_EXHAUSTED instead of waiting.
///
/// A fetch-and-add always succeeds, where a compare-and-swap fails and retries
/// whenever another producer claimed first: with 4 producers on 2 cores a push
/// and pop took 14.5-15.6 ns instead of 17.8-18.7 (scripts/bench-micro). The price is
/// that the check for room comes before the claim, so producers racing at the
/// edge can claim a few positions past `capacity`; the ring's headroom holds
/// them. Only a producer whose slot is still a lap behind (the headroom used
/// up by forced pushes and racers together) waits for the consumer.
///
/// Sendable by construction of the algorithm, not of the types: a slot's
/// element is written only by the producer that claimed the slot and read only
/// by the consumer after it saw the slot's sequence (release/acquire);
/// `dequeuePosition` is written only by the consumer.
public final class MPSCQueue<Element: Sendable>: @unchecked Sendable {
    /// Positions refused to ordinary pushes but open to forced ones (commit
    /// completions, stop) and to ordinary pushes that passed the check for
    /// room together, so those find a free slot.
    private static var forcedHeadroom: Int { 64 }
    /// Apart by more than a cache line (and its prefetched neighbour), so
    /// that what one thread writes does not evict what another reads.
    private static var lineSize: Int { 128 }

    public let capacity: Int
    private let mask: Int
    /// Slot i at `slots + i * slotStride`: its sequence, then its element, so
    /// a push or a pop touches one cache line of the ring, not two.
    private let slots: UnsafeMutableRawPointer
    private let slotStride: Int
    private let elementOffset: Int
    /// Three counters, each on a line of its own:
    /// the next position to claim (producers),
    /// the next position to take (the consumer; producers read it only when
    /// the cached copy says the queue is full),
    /// and that cached copy, which producers read on every push and refresh rarely.
    private let counters: UnsafeMutableRawPointer
    private let enqueuePosition: UnsafeAtomic<Int>
    private let dequeuePosition: UnsafeAtomic<Int>
    private let dequeuePositionSeen: UnsafeAtomic<Int>

    public init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        var count = 1
        while count < capacity + Self.forcedHeadroom { count <<= 1 }
        mask = count - 1

        func roundUp(_ size: Int, toMultipleOf alignment: Int) -> Int { (size + alignment - 1) / alignment * alignment }
        let alignment = max(MemoryLayout<UnsafeAtomic<Int>.Storage>.alignment, MemoryLayout<Element>.alignment)
        elementOffset = roundUp(MemoryLayout<UnsafeAtomic<Int>.Storage>.size, toMultipleOf: MemoryLayout<Element>.alignment)
        slotStride = roundUp(elementOffset + MemoryLayout<Element>.stride, toMultipleOf: alignment)
        slots = .allocate(byteCount: slotStride * count, alignment: max(alignment, Self.lineSize))
        for slot in 0..<count {
            (slots + slot * slotStride).initializeMemory(as: UnsafeAtomic<Int>.Storage.self, to: .init(slot))
        }

        let counters = UnsafeMutableRawPointer.allocate(byteCount: 3 * Self.lineSize, alignment: Self.lineSize)
        func counter(_ index: Int) -> UnsafeAtomic<Int> {
            UnsafeAtomic(at: (counters + index * Self.lineSize).initializeMemory(as: UnsafeAtomic<Int>.Storage.self, to: .init(0)))
        }
        self.counters = counters
        enqueuePosition = counter(0)
        dequeuePosition = counter(1)
        dequeuePositionSeen = counter(2)
    }

    deinit {
        while pop() != nil {}
        counters.deallocate()
        slots.deallocate()
    }

    private func sequence(_ position: Int) -> UnsafeAtomic<Int> {
        UnsafeAtomic(at: (slots + (position & mask) * slotStride).assumingMemoryBound(to: UnsafeAtomic<Int>.Storage.self))
    }

    private func slotElement(_ position: Int) -> UnsafeMutablePointer<Element> {
        (slots + (position & mask) * slotStride + elementOffset).assumingMemoryBound(to: Element.self)
    }

    /// Whether `capacity` elements are queued ahead of `position`. Reads the
    /// consumer's counter only when the copy producers share says so.
    private func isFull(at position: Int) -> Bool {
        guard position - dequeuePositionSeen.load(ordering: .relaxed) >= capacity else { return false }
        let current = dequeuePosition.load(ordering: .relaxed)
        dequeuePositionSeen.store(current, ordering: .relaxed)
        return position - current >= capacity
    }

    /// Any thread. False when the queue is full (unless `force`, for
    /// messages that must not be refused, such as commit completions).
    @discardableResult
    public func push(_ element: Element, force: Bool = false) -> Bool {
        if !force && isFull(at: enqueuePosition.load(ordering: .relaxed)) { return false }
        let position = enqueuePosition.loadThenWrappingIncrement(ordering: .relaxed)
        // The position is ours alone; its slot may still hold the element of
        // a lap ago only when the headroom is used up, and the consumer is
        // then draining.
        while sequence(position).load(ordering: .acquiring) != position { Self.pause() }
        slotElement(position).initialize(to: element)
        sequence(position).store(position + 1, ordering: .releasing)
        return true
    }

    /// Consumer thread only. Nil when empty (or when a push is half-way: its
    /// producer signals after finishing, so the consumer looks again).
    public func pop() -> Element? {
        let position = dequeuePosition.load(ordering: .relaxed)
        guard sequence(position).load(ordering: .acquiring) == position + 1 else { return nil }
        let element = slotElement(position).move()
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
