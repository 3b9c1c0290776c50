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
}
