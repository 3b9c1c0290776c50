import Foundation
import OMSStore

struct ThroughputResult {
    var acked: Int
    var failed: Int
    var perSecond: Double
    var meanBatch: Double
    var p50Micros: Int
    var p99Micros: Int
}

/// `inFlight` mutations kept in flight by `producers` threads. A producer is
/// a shard writer: it submits its next mutation without waiting for earlier
/// acks, up to `inFlight / producers` outstanding (1 = a closed-loop client
/// per shard). Each mutation is one journal event. One warm-up second is not
/// counted.
func measureThroughput(
    connectionString: String, configuration: GroupCommitConfiguration, lanes: Int = 1, producers: Int,
    label: String, options: BenchOptions
) throws -> ThroughputResult {
    let writer = ShardedJournalWriter(connectionString: connectionString, lanes: lanes, configuration: configuration)
    guard writer.start() else { throw StoreError(kind: .unavailable, message: "writer did not connect") }
    let stats = BenchStats()
    let runID = UUID().uuidString.prefix(8)
    let payload = [UInt8](repeating: 0xAB, count: 120)
    let window = max(1, options.inFlight / producers)
    let group = DispatchGroup()
    for producer in 0..<producers {
        group.enter()
        let thread = Thread {
            var seq: Int64 = 1
            let shard = "bench-\(runID)-\(producer)"
            let slots = DispatchSemaphore(value: window)
            while !stats.finished {
                slots.wait()
                let started = ContinuousClock.now
                let event = JournalEvent(seq: seq, type: "BenchEvent", payload: payload)
                do throws(StoreError) {
                    try writer.submit(
                        JournalUnit(shard: shard, events: [event]) { result in
                            switch result {
                            case .success(let ack): stats.record(latency: ContinuousClock.now - started, batch: ack.batchUnits)
                            case .failure: stats.recordFailure()
                            }
                            slots.signal()
                        })
                    seq += 1
                } catch {
                    stats.recordFailure()
                    slots.signal()
                }
            }
            for _ in 0..<window { slots.wait() }  // drain before the writer stops
            // libdispatch traps when a semaphore dies below its initial value.
            for _ in 0..<window { slots.signal() }
            group.leave()
        }
        thread.start()
    }
    Thread.sleep(forTimeInterval: 1)
    stats.startCounting()
    let start = ContinuousClock.now
    Thread.sleep(forTimeInterval: options.seconds)
    let result = stats.stopCounting(elapsed: ContinuousClock.now - start)
    group.wait()
    writer.stop()
    print(
        String(
            format: "%@: %.0f acked mutations/s (%d acked, %d failed, mean batch %.1f units, latency p50 %d us, p99 %d us)",
            label, result.perSecond, result.acked, result.failed, result.meanBatch, result.p50Micros, result.p99Micros))
    return result
}

final class BenchStats: @unchecked Sendable {
    private let lock = NSLock()
    private var counting = false
    private var stopped = false
    private var acked = 0
    private var failed = 0
    private var batchSum = 0
    private var latenciesMicros: [Int] = []

    var finished: Bool { lock.withLock { stopped } }

    func startCounting() { lock.withLock { counting = true } }

    func record(latency: Duration, batch: Int) {
        lock.withLock {
            guard counting else { return }
            acked += 1
            batchSum += batch
            let micros = latency.components.seconds * 1_000_000 + latency.components.attoseconds / 1_000_000_000_000
            latenciesMicros.append(Int(micros))
        }
    }

    func recordFailure() { lock.withLock { if counting { failed += 1 } } }

    func stopCounting(elapsed: Duration) -> ThroughputResult {
        lock.withLock {
            counting = false
            stopped = true
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let sorted = latenciesMicros.sorted()
            func percentile(_ p: Double) -> Int {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
            }
            return ThroughputResult(
                acked: acked, failed: failed, perSecond: Double(acked) / seconds,
                meanBatch: acked == 0 ? 0 : Double(batchSum) / Double(acked), p50Micros: percentile(0.5),
                p99Micros: percentile(0.99))
        }
    }
}
