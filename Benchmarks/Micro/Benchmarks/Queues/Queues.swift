import Benchmark

/// Elements per measured run, whatever the number of producers. The `ops`
/// tag names it, so that elements per second can be derived from the
/// exported run times (scripts/bench-micro). Enough for a run to span many
/// scheduler time slices: with 40,000 (under a millisecond) a run measured
/// how the five threads happened to be placed on the two cores, and the
/// mutex's 4P1C median moved between 39 and 61 ns from one invocation to the
/// next; with 400,000 it stays within a few percent.
private let elements = 400_000
/// Larger than a run: no push is ever refused, so the runs measure the
/// queues, not the producers' retries.
private let capacity = 1 << 20

let benchmarks: @Sendable () -> Void = {
    // Built here: Benchmark.Configuration is not Sendable, so it cannot be a global.
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
        tags: ["ops": "\(elements)"],
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 200
    )
    // No other thread: the cost of a push and a pop themselves, without contention or scheduling.
    Benchmark("Queue 1 thread: MPSCQueue (lock-free)", configuration: configuration) { benchmark in
        singleThreadRun(LockFreeQueue(capacity: capacity), elements: elements, benchmark: benchmark)
    }
    Benchmark("Queue 1 thread: Mutex<Deque>, one pop per lock", configuration: configuration) { benchmark in
        singleThreadRun(MutexDeque(capacity: capacity, take: .one), elements: elements, benchmark: benchmark)
    }
    for producers in [4, 1] {
        let perProducer = elements / producers
        let shape = "\(producers)P1C"
        Benchmark("Queue \(shape): MPSCQueue (lock-free)", configuration: configuration) { benchmark in
            producerConsumerRun(
                LockFreeQueue(capacity: capacity), producers: producers, perProducer: perProducer, benchmark: benchmark)
        }
        Benchmark("Queue \(shape): Mutex<Deque>, one pop per lock", configuration: configuration) { benchmark in
            producerConsumerRun(
                MutexDeque(capacity: capacity, take: .one), producers: producers, perProducer: perProducer,
                benchmark: benchmark)
        }
        Benchmark("Queue \(shape): Mutex<Deque>, drain all per lock", configuration: configuration) { benchmark in
            producerConsumerRun(
                MutexDeque(capacity: capacity, take: .all), producers: producers, perProducer: perProducer,
                benchmark: benchmark)
        }
    }
}