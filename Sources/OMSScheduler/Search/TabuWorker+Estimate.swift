extension TabuWorker {
    /// Whether moves can be rated by the head/tail estimate: pure makespan,
    /// around the clock, no sequence-dependent setups, nothing frozen.
    static func estimable(_ p: Problem, _ w: Objective) -> Bool {
        w.tardiness == 0 && w.setup == 0 && w.wip == 0 && w.makespan > 0
            && p.wcCalendar.allSatisfy { $0 == nil } && p.wcSetupMatrix.allSatisfy { $0 == nil }
            && p.frozenCount == 0
    }

    /// Tails of the current plan: longest path from an operation's end to the
    /// end of the plan.
    mutating func computeTails() {
        let n = p.opCount
        if tails.count != n { tails = [Int](repeating: 0, count: n) }
        let q = curDec.queue
        let start = curDec.start, end = curDec.end, succ = curDec.machSucc
        let succStart = p.succStart, succList = p.succList
        var tails = self.tails
        self.tails = []
        for i in stride(from: n - 1, through: 0, by: -1) {
            let o = Int(q[i])
            var t = 0
            let ms = Int(succ[o])
            if ms >= 0 { t = tails[ms] + end[ms] - start[ms] }
            for k in Int(succStart[o])..<Int(succStart[o + 1]) {
                let s = Int(succList[k])
                let v = tails[s] + end[s] - start[s]
                if v > t { t = v }
            }
            tails[o] = t
        }
        self.tails = tails
    }

    /// Estimated makespan after a shift move (Balas–Vazacopoulos / Zhang):
    /// new heads and tails of the reordered segment from unchanged neighbours.
    mutating func estimate(_ m: Move) -> Double {
        guard case .shift(let uu, let ff, let tt) = m else { return .infinity }
        let seq = cur.seqs[Int(uu)]
        let f = Int(ff)
        let t = Int(tt)
        let lo = min(f, t)
        let hi = max(f, t)
        var seg = segBuf
        var heads = headBuf
        segBuf = []
        headBuf = []
        defer {
            segBuf = seg
            headBuf = heads
        }
        let count = hi - lo + 1
        if seg.count < count {
            seg = [Int](repeating: 0, count: count)
            heads = seg
        }
        if t < f {
            seg[0] = Int(seq[f])
            for k in lo..<f { seg[k - lo + 1] = Int(seq[k]) }
        } else {
            for k in (f + 1)...hi { seg[k - f - 1] = Int(seq[k]) }
            seg[hi - lo] = Int(seq[f])
        }
        let tails = self.tails
        var prevEnd = lo > 0 ? curDec.end[Int(seq[lo - 1])] : Int.min
        for i in 0..<count {
            let v = seg[i]
            var r = max(p.orderRelease[Int(p.opOrder[v])], p.opMaterial[v])
            for k in Int(p.predStart[v])..<Int(p.predStart[v + 1]) { r = max(r, curDec.end[Int(p.predList[k])]) }
            r = max(r, prevEnd)
            heads[i] = r
            prevEnd = r + curDec.end[v] - curDec.start[v]
        }
        var best = 0
        var nextTail = Int.min
        if hi + 1 < seq.count {
            let a = Int(seq[hi + 1])
            nextTail = tails[a] + curDec.end[a] - curDec.start[a]
        }
        for i in stride(from: count - 1, through: 0, by: -1) {
            let v = seg[i]
            var q = max(0, nextTail)
            for k in Int(p.succStart[v])..<Int(p.succStart[v + 1]) {
                let s = Int(p.succList[k])
                q = max(q, tails[s] + curDec.end[s] - curDec.start[s])
            }
            let len = curDec.end[v] - curDec.start[v]
            best = max(best, heads[i] + len + q)
            nextTail = q + len
        }
        return w.makespan * Double(best)
    }
}
