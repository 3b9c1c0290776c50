import Dispatch
import Synchronization

/// Runs one `TabuWorker` per thread in epochs. Between epochs the threads
/// exchange their best plans at a barrier: the overall best is published to
/// the `SearchControl`, and a stalled thread restarts from it. Because the
/// exchange happens at fixed iteration counts and ties break by thread index,
/// a run bounded by iterations is deterministic for a fixed thread count.
struct ParallelSearch {
    let p: Problem
    let w: Objective

    final class Slot: Sendable {
        let worker: Mutex<TabuWorker>
        init(_ w: TabuWorker) { worker = Mutex(w) }
    }

    func run(from start: Plan, options: SearchOptions, control: SearchControl) -> SearchResult {
        let clock = ContinuousClock()
        let t0 = clock.now
        let deadline = t0.advanced(by: options.timeLimit)
        let threads = max(1, options.threads)
        let epoch = max(1, options.epochIterations ?? max(5, 200_000 / max(1, p.opCount)))
        let perThread = options.maxIterations ?? Int.max
        // Nothing to move: no search.
        if p.opCount == p.frozenCount || perThread == 0 {
            control.publish(start, iterations: 0)
            return SearchResult(
                plan: start, initialCost: start.objective.cost, iterations: 0, threads: threads,
                elapsed: clock.now - t0, stopReason: .iterationLimit)
        }
        let slots = (0..<threads).map { i in
            Slot(
                TabuWorker(
                    problem: p, objective: w, start: start.sequencing,
                    seed: options.seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15))
        }
        var bestSeq = start.sequencing
        var bestCost = start.objective.cost
        var bestPlan = start
        var total = 0
        var ranPerThread = 0
        control.publish(start, iterations: 0)
        var reason = StopReason.iterationLimit
        while ranPerThread < perThread {
            let n = min(epoch, perThread - ranPerThread)
            let counts = Mutex([Int](repeating: 0, count: threads))
            if threads == 1 {
                let c = slots[0].worker.withLock { $0.run(count: n, deadline: deadline, control: control) }
                counts.withLock { $0[0] = c }
            } else {
                DispatchQueue.concurrentPerform(iterations: threads) { i in
                    let c = slots[i].worker.withLock { $0.run(count: n, deadline: deadline, control: control) }
                    counts.withLock { $0[i] = c }
                }
            }
            let ran = counts.withLock { $0 }
            total += ran.reduce(0, +)
            ranPerThread += n
            // Exchange: lowest cost wins, ties to the lowest thread index.
            var winner = -1
            for i in 0..<threads {
                let c = slots[i].worker.withLock { $0.bestCost }
                if c < bestCost {
                    bestCost = c
                    winner = i
                }
            }
            if winner >= 0 {
                bestSeq = slots[winner].worker.withLock { $0.best }
                var d = ScheduleDecoder()
                _ = d.decode(p, bestSeq)
                bestPlan = Plan(problem: p, sequencing: bestSeq, decoder: d, weights: w)
            }
            if threads > 1 {
                let shared = bestSeq
                let sharedCost = bestCost
                for i in 0..<threads {
                    slots[i].worker.withLock { wk in
                        if wk.bestCost > sharedCost && wk.sinceImprove > wk.stallLimit / 2 {
                            wk.adopt(shared, cost: sharedCost)
                        }
                    }
                }
            }
            control.publish(winner >= 0 ? bestPlan : nil, iterations: total)
            if control.isCancelled {
                reason = .cancelled
                break
            }
            if clock.now >= deadline {
                reason = .timeLimit
                break
            }
            if ran.contains(where: { $0 < n }) {
                reason = clock.now >= deadline ? .timeLimit : .cancelled
                break
            }
        }
        return SearchResult(
            plan: bestPlan, initialCost: start.objective.cost, iterations: total, threads: threads,
            elapsed: clock.now - t0, stopReason: reason)
    }
}
