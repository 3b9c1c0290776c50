#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The constructive pass: a discrete-event simulation in which each unit,
/// when it becomes free, picks among the operations ready for it the best one
/// by a dispatching rule (a non-delay schedule), honouring calendars, setups,
/// frozen work, release and material dates. O(n log n + n·ready).
struct Dispatcher {
    let p: Problem
    let rule: DispatchRule
    let latestStart: [Int]
    /// Random tie-breaking noise in [0, noise) added to priorities (0 = none).
    var noise: Double = 0
    var rng = SplitMix64(seed: 0)

    init(problem: Problem, rule: DispatchRule, latestStart: [Int]) {
        p = problem
        self.rule = rule
        self.latestStart = latestStart
    }

    /// Units per operation and start times, from which a sequencing is built.
    mutating func run() -> Sequencing {
        let n = p.opCount
        var unitOf = [Int32](repeating: -1, count: n)
        var start = [Int](repeating: 0, count: n)
        var end = [Int](repeating: 0, count: n)
        var est = [Int](repeating: Int.min, count: n)
        var scheduled = [Bool](repeating: false, count: n)
        var remaining = [Int32](repeating: 0, count: n)
        var unitFree = [Int](repeating: Int.min, count: p.unitCount)
        var unitLast = [Int32](repeating: -1, count: p.unitCount)
        var unitKey = [Int](repeating: Int.max, count: p.unitCount)
        var wcReady = [[Int32]](repeating: [], count: p.wcIDs.count)
        var heap = MinHeap()
        let avgDuration: Double = {
            var s = 0
            for o in 0..<n { s += p.eligSetup[Int(p.eligStart[o])] + p.eligRun[Int(p.eligStart[o])] }
            return max(1, Double(s) / Double(max(1, n)))
        }()

        func pushUnit(_ u: Int, _ key: Int) {
            if key < unitKey[u] {
                unitKey[u] = key
                heap.push(key, u)
            }
        }
        func release(_ o: Int) {
            let order = Int(p.opOrder[o])
            var r = max(p.orderRelease[order], p.opMaterial[o])
            for k in Int(p.predStart[o])..<Int(p.predStart[o + 1]) { r = max(r, end[Int(p.predList[k])]) }
            est[o] = r
            var lastWC = -1
            for k in Int(p.eligStart[o])..<Int(p.eligStart[o + 1]) {
                let u = Int(p.eligUnit[k])
                let wc = Int(p.unitWC[u])
                if wc != lastWC {
                    wcReady[wc].append(Int32(o))
                    lastWC = wc
                }
                pushUnit(u, max(unitFree[u], r))
            }
        }
        func finish(_ o: Int) {
            scheduled[o] = true
            for k in Int(p.succStart[o])..<Int(p.succStart[o + 1]) {
                let q = Int(p.succList[k])
                if p.isFrozen(q) { continue }
                remaining[q] -= 1
                if remaining[q] == 0 { release(q) }
            }
        }

        // Frozen operations are facts; everything else waits for its predecessors.
        for o in 0..<n {
            remaining[o] = p.predStart[o + 1] - p.predStart[o]
        }
        for o in 0..<n where p.isFrozen(o) {
            unitOf[o] = p.frozenUnit[o]
            start[o] = p.frozenStart[o]
            end[o] = p.frozenEnd[o]
        }
        for o in 0..<n where p.isFrozen(o) { finish(o) }
        for o in 0..<n where !p.isFrozen(o) && remaining[o] == 0 && !scheduled[o] && est[o] == Int.min {
            release(o)
        }

        var done = p.frozenCount
        while done < n, let (key, u) = heap.pop() {
            if key != unitKey[u] { continue }  // stale entry
            unitKey[u] = Int.max
            let wc = Int(p.unitWC[u])
            // Drop operations scheduled elsewhere.
            wcReady[wc].removeAll { scheduled[Int($0)] }
            let list = wcReady[wc]
            if list.isEmpty { continue }
            var minEst = Int.max
            for o in list { minEst = min(minEst, est[Int(o)]) }
            let t0 = max(key, unitFree[u], minEst)
            if key < t0 {
                pushUnit(u, t0)
                continue
            }
            // Candidates: ready by t0. Pick the best by rule; skip operations
            // that another eligible unit would clearly finish sooner.
            var best = -1
            var bestScore = Double.infinity
            var retry = Int.max
            for oo in list {
                let o = Int(oo)
                if est[o] > t0 { continue }
                let k = p.eligibility(o, u)
                let dur = p.eligSetup[k] + p.eligRun[k]
                let ectHere = t0 + dur
                var otherFree = Int.max
                for kk in Int(p.eligStart[o])..<Int(p.eligStart[o + 1]) where Int(p.eligUnit[kk]) != u {
                    let v = Int(p.eligUnit[kk])
                    let ect = max(unitFree[v], t0) + p.eligSetup[kk] + p.eligRun[kk]
                    if ect < ectHere { otherFree = min(otherFree, max(unitFree[v], t0)) }
                }
                if otherFree != Int.max {
                    retry = min(retry, max(otherFree, t0 + 1))
                    continue
                }
                var s = score(o, k: k, at: t0, dur: dur, avg: avgDuration)
                let lastFam = unitLast[u] >= 0 ? p.family[Int(unitLast[u])] : p.wcInitialFamily[wc]
                if p.family[o] >= 0 && p.family[o] == lastFam && p.wcSetupMatrix[wc] != nil {
                    s -= 1e-3 * (abs(s) + 1)
                }
                if noise > 0 { s += noise * rng.unit() * (abs(s) + 1) }
                if s < bestScore || (s == bestScore && o < best) {
                    bestScore = s
                    best = o
                }
            }
            guard best >= 0 else {
                if retry != Int.max { pushUnit(u, retry) }
                continue
            }
            let (st, en) = p.place(best, on: u, after: unitLast[u], prevEnd: unitFree[u], ready: est[best])
            unitOf[best] = Int32(u)
            start[best] = st
            end[best] = en
            unitFree[u] = en
            unitLast[u] = Int32(best)
            done += 1
            finish(best)
            if !wcReady[wc].isEmpty { pushUnit(u, en) }
        }
        // Defensive: anything left unscheduled goes last on its first route;
        // decoding gives it real times.
        for o in 0..<n where unitOf[o] < 0 {
            unitOf[o] = p.eligUnit[Int(p.eligStart[o])]
            start[o] = Int.max
        }
        return Sequencing(problem: p, unitOf: unitOf, start: start)
    }

    /// Lower is better.
    private func score(_ o: Int, k: Int, at t: Int, dur: Int, avg: Double) -> Double {
        let order = Int(p.opOrder[o])
        let w = p.orderWeight[order]
        switch rule {
        case .mostWorkRemaining:
            return -Double(p.tail[o])
        case .shortestProcessingTime:
            return Double(dur)
        case .earliestDueDate:
            return Double(p.orderDue[order]) - w * 1e-6
        case .minimumSlack:
            let slack = Double(latestStart[o] - t)
            return slack >= 0 ? slack / max(w, 0.01) : slack * max(w, 0.01)
        case .apparentTardinessCost:
            let rest = Double(p.tail[o])
            let slack = max(0, Double(p.orderDue[order] - t) - rest)
            let idx = (max(w, 0.01) / Double(max(dur, 1))) * exp(-slack / (2 * avg))
            return -idx
        }
    }
}

/// A binary min-heap of (key, value) with ties broken by value (deterministic).
struct MinHeap {
    private var keys: [Int] = []
    private var vals: [Int] = []

    var isEmpty: Bool { keys.isEmpty }

    @inline(__always) private func less(_ i: Int, _ j: Int) -> Bool {
        keys[i] < keys[j] || (keys[i] == keys[j] && vals[i] < vals[j])
    }

    mutating func push(_ k: Int, _ v: Int) {
        keys.append(k)
        vals.append(v)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if !less(i, parent) { break }
            keys.swapAt(i, parent)
            vals.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let k0 = keys.first, let v0 = vals.first else { return nil }
        let last = keys.count - 1
        keys.swapAt(0, last)
        vals.swapAt(0, last)
        keys.removeLast()
        vals.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < keys.count && less(l, m) { m = l }
            if r < keys.count && less(r, m) { m = r }
            if m == i { break }
            keys.swapAt(i, m)
            vals.swapAt(i, m)
            i = m
        }
        return (k0, v0)
    }
}
