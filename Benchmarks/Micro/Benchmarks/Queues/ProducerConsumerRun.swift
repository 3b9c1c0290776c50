import Benchmark
import Foundation
import Synchronization

/// Producer threads that wait at a start line until released together, so
/// that thread creation stays outside the measured part.
private final class StartLine: Sendable {
    let ready = Atomic<Int>(0)
    let go = Atomic<Bool>(false)
}

/// One measured run: `producers` threads push `perProducer` distinct values
/// each while the calling thread, the only consumer, takes them all. The
/// consumer never sleeps: when the queue is empty it yields the core, which
/// on a machine with fewer cores than threads lets the producers run.
func producerConsumerRun(
    _ queue: some QueueUnderTest, producers: Int, perProducer: Int, benchmark: Benchmark
) {
    let start = StartLine()
    let finished = DispatchGroup()
    for producer in 0..<producers {
        finished.enter()
        let thread = Thread {
            start.ready.add(1, ordering: .releasing)
            while !start.go.load(ordering: .acquiring) { sched_yield() }
            let first = producer * perProducer
            for value in first..<first + perProducer {
                while !queue.push(value) { sched_yield() }
            }
            finished.leave()
        }
        thread.start()
    }
    while start.ready.load(ordering: .acquiring) < producers { sched_yield() }

    let total = producers * perProducer
    var received = 0
    var sum = 0
    benchmark.startMeasurement()
    start.go.store(true, ordering: .releasing)
    while received < total {
        let taken = queue.drain { sum &+= $0 }
        received += taken
        if taken == 0 { sched_yield() }
    }
    benchmark.stopMeasurement()
    finished.wait()
    // Every value 0..<total exactly once (nothing lost, nothing invented).
    precondition(received == total && sum == total * (total - 1) / 2, "the queue lost or invented elements")
}

/// One measured run on one thread: `elements` pushes, each followed by taking it back.
func singleThreadRun(_ queue: some QueueUnderTest, elements: Int, benchmark: Benchmark) {
    var sum = 0
    benchmark.startMeasurement()
    for value in 0..<elements {
        _ = queue.push(value)
        _ = queue.drain { sum &+= $0 }
    }
    benchmark.stopMeasurement()
    precondition(sum == elements * (elements - 1) / 2, "the queue lost or invented elements")
}
