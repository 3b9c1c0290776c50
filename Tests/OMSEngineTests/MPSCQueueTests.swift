import Foundation
import Testing

@testable import OMSEngine

@Suite("Lock-free MPSC queue")
struct MPSCQueueTests {
    @Test func singleThreadFIFO() {
        let queue = MPSCQueue<Int>(capacity: 10)
        for i in 0..<10 { #expect(queue.push(i)) }
        #expect(!queue.push(99), "full at capacity")
        #expect(queue.push(100, force: true), "forced pushes are never refused")
        var out: [Int] = []
        while let value = queue.pop() { out.append(value) }
        #expect(out == Array(0..<10) + [100])
        #expect(queue.approximateCount == 0)
    }

    /// Many laps around the ring, with the queue refilled to capacity each time.
    @Test func wrapsAroundTheRingManyTimes() {
        let queue = MPSCQueue<Int>(capacity: 5)
        var next = 0
        var expected = 0
        for _ in 0..<1_000 {
            while queue.push(next) { next += 1 }
            #expect(queue.approximateCount == 5)
            while let value = queue.pop() {
                #expect(value == expected)
                expected += 1
            }
        }
        #expect(expected == 5_000)
    }

    /// Forced pushes go past `capacity`; a forced push into a physically full
    /// ring waits for the consumer instead of losing the element.
    @Test func forcedPushesWaitForRoomRatherThanFail() {
        let queue = MPSCQueue<Int>(capacity: 2)
        let total = 10_000
        let producer = Thread {
            for n in 0..<total { queue.push(n, force: true) }
        }
        producer.start()
        var received: [Int] = []
        while received.count < total {
            if let value = queue.pop() { received.append(value) } else { Thread.sleep(forTimeInterval: 0.0001) }
        }
        #expect(received == Array(0..<total))
    }

    /// Slots keep their sequence and element side by side: elements smaller
    /// than the sequence, more aligned than it, or holding references all
    /// come back intact, lap after lap.
    @Test func elementsOfAnySizeAndAlignmentSurviveTheRing() {
        func roundTrip<Element: Sendable & Equatable>(_ make: (Int) -> Element) {
            let queue = MPSCQueue<Element>(capacity: 3)
            var expected = 0
            for lap in 0..<200 {
                for n in 0..<3 { #expect(queue.push(make(lap * 3 + n))) }
                while let value = queue.pop() {
                    #expect(value == make(expected))
                    expected += 1
                }
            }
            #expect(expected == 600)
        }
        roundTrip { UInt8(truncatingIfNeeded: $0) }
        roundTrip { SIMD4<Double>(Double($0), 1, 2, 3) }
        roundTrip { "element \($0)" }
        roundTrip { [$0, $0 + 1] }
    }

    /// Elements still queued when the queue goes away are released with it.
    @Test func queuedElementsAreReleasedWithTheQueue() {
        final class Tracked: Sendable {}
        weak var probe: Tracked?
        do {
            let queue = MPSCQueue<Tracked>(capacity: 4)
            let element = Tracked()
            probe = element
            queue.push(element)
        }
        #expect(probe == nil)
    }

    /// Real threads, not tasks: spinning on the two threads of the concurrency
    /// pool would starve every other test running in parallel.
    @Test func fourProducersOneConsumerLoseNothingAndKeepEachProducersOrder() async {
        let queue = MPSCQueue<(producer: Int, n: Int)>(capacity: 1 << 20)
        let perProducer = 100_000
        let producersDone = DispatchGroup()
        for producer in 0..<4 {
            producersDone.enter()
            Thread {
                for n in 0..<perProducer {
                    while !queue.push((producer, n)) {}
                }
                producersDone.leave()
            }.start()
        }
        let (next, outOfOrder) = await withCheckedContinuation { (done: CheckedContinuation<([Int], Int), Never>) in
            Thread {
                var next = [0, 0, 0, 0]
                var received = 0
                var outOfOrder = 0
                while received < 4 * perProducer {
                    guard let (producer, n) = queue.pop() else { continue }
                    if n != next[producer] { outOfOrder += 1 }
                    next[producer] = n + 1
                    received += 1
                }
                done.resume(returning: (next, outOfOrder))
            }.start()
        }
        producersDone.wait()
        #expect(outOfOrder == 0)
        #expect(next == [perProducer, perProducer, perProducer, perProducer])
        #expect(queue.pop() == nil)
    }

    /// Producers racing at the edge of full: a tiny queue, retries whenever a
    /// push is refused. The check for room comes before the claim, so racers
    /// may overshoot `capacity`, but never by more than the producers racing,
    /// and nothing is lost or reordered.
    @Test func producersRacingAtTheEdgeOfFullOvershootByAtMostTheirNumber() async {
        let capacity = 4
        let producers = 4
        let perProducer = 50_000
        let queue = MPSCQueue<(producer: Int, n: Int)>(capacity: capacity)
        for producer in 0..<producers {
            Thread {
                for n in 0..<perProducer {
                    while !queue.push((producer, n)) { sched_yield() }
                }
            }.start()
        }
        let (next, outOfOrder, mostQueued) = await withCheckedContinuation {
            (done: CheckedContinuation<([Int], Int, Int), Never>) in
            Thread {
                var next = Array(repeating: 0, count: producers)
                var received = 0
                var outOfOrder = 0
                var mostQueued = 0
                while received < producers * perProducer {
                    // Now and then the consumer naps, so the producers surely fill the queue.
                    if received % 1_000 == 0 { usleep(500) }
                    mostQueued = max(mostQueued, queue.approximateCount)
                    guard let (producer, n) = queue.pop() else { continue }
                    if n != next[producer] { outOfOrder += 1 }
                    next[producer] = n + 1
                    received += 1
                }
                done.resume(returning: (next, outOfOrder, mostQueued))
            }.start()
        }
        #expect(outOfOrder == 0)
        #expect(next == Array(repeating: perProducer, count: producers))
        #expect(mostQueued >= capacity, "the producers kept the queue full")
        #expect(mostQueued < capacity + producers)
        #expect(queue.pop() == nil)
    }
}
