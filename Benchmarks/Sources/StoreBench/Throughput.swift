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

/// `inFlight` closed-loop clients, each its own shard (as shard writers
/// would), each submitting one mutation and waiting for its ack before the
/// next. One warm-up second is not counted.
func measureThroughput(
    connectionString: String, configuration: GroupCommitConfiguration, label: String, options: BenchOptions
) throws -> ThroughputResult {
    let writer = JournalWriter(connectionString: connectionString, configuration: configuration)
    guard writer.start() else { throw StoreError(kind: .unavailable, message: "writer did not connect") }
    let stats = BenchStats()
    let runID = UUID().uuidString.prefix(8)
    let payload = [UInt8](repeating: 0xAB, count: 120)
    let group = DispatchGroup()
    for client in 0..<options.inFlight {
        group.enter()
        let thread = Thread {
            var seq: Int64 = 1
            let shard = "bench-\(runID)-\(client)"
            let done = DispatchSemaphore(value: 0)
            while !stats.finished {
                let started = ContinuousClock.now
                let outcome = LockedBox<Result<JournalAck, StoreError>?>(nil)
                do throws(StoreError) {
                    try writer.submit(
                        JournalUnit(shard: shard, events: [JournalEvent(seq: seq, type: "BenchEvent", payload: payload)]) {
                            outcome.value = $0
                            done.signal()
                        })
                    done.wait()
                } catch {
                    outcome.value = .failure(error)
                }
                if case .success(let ack) = outcome.value {
                    seq += 1
                    stats.record(latency: ContinuousClock.now - started, batch: ack.batchUnits)
                } else {
                    stats.recordFailure()
                }
            }
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

final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
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
            func percentile(_ p: Double) -> Int { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            return ThroughputResult(
                acked: acked, failed: failed, perSecond: Double(acked) / seconds,
                meanBatch: acked == 0 ? 0 : Double(batchSum) / Double(acked), p50Micros: percentile(0.5),
                p99Micros: percentile(0.99))
        }
    }
}
