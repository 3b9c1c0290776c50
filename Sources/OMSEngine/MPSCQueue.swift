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
        var position = enqueuePosition.load(ordering: .relaxed)
        while true {
            if !force && isFull(at: position) { return false }
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
