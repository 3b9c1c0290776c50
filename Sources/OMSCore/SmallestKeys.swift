/// The `capacity` entries with the smallest keys among those offered, for a
/// page of a large table: a max-heap of the best so far, so most offers cost
/// one comparison and nothing is sorted but the page. (Sorting every match to
/// keep a page of them held a plant's shard for the whole sort.)
struct SmallestKeys<Payload> {
    let capacity: Int
    /// Max-heap on `key`: the root is the largest kept.
    private var heap: [(key: UInt64, payload: Payload)] = []
    /// Whether an offer was turned away because `capacity` smaller ones were kept.
    private(set) var droppedAny = false

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(self.capacity)
    }

    /// `payload` is evaluated only when the entry is kept.
    mutating func offer(_ key: UInt64, _ payload: @autoclosure () -> Payload) {
        if heap.count < capacity {
            heap.append((key, payload()))
            siftUp(heap.count - 1)
        } else if let largest = heap.first, key < largest.key {
            heap[0] = (key, payload())
            siftDown(0)
            droppedAny = true
        } else {
            droppedAny = true
        }
    }

    /// The kept entries, smallest key first.
    func ascending() -> [(key: UInt64, payload: Payload)] {
        heap.sorted { $0.key < $1.key }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent].key < heap[child].key else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            var largest = parent
            let left = 2 * parent + 1
            let right = left + 1
            if left < heap.count && heap[left].key > heap[largest].key { largest = left }
            if right < heap.count && heap[right].key > heap[largest].key { largest = right }
            guard largest != parent else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
