extension Problem {
    /// Start and end of `o` on unit `u` right after operation `prev` (ending at
    /// `prevEnd`), not before `ready`: the decoder's rules (calendar, setups,
    /// frozen blocks) for one operation.
    func place(_ o: Int, on u: Int, after prev: Int32, prevEnd: Int, ready r0: Int) -> (start: Int, end: Int) {
        let wc = Int(unitWC[u])
        let k = eligibility(o, u)
        let base = k >= 0 ? eligSetup[k] : 0
        let run = k >= 0 ? eligRun[k] : 0
        var r = max(r0, prevEnd)
        let b0 = Int(blockStart[u])
        let b1 = Int(blockStart[u + 1])
        while true {
            let st = calendarTable.span(wc, ready: r, work: 0).start
            var fam = prev >= 0 ? family[Int(prev)] : wcInitialFamily[wc]
            var lo = b0
            var hi = b1
            while lo < hi {
                let mid = (lo + hi) >> 1
                if blockTo[mid] <= st { lo = mid + 1 } else { hi = mid }
            }
            if lo > b0 && blockTo[lo - 1] > prevEnd { fam = family[Int(blockOp[lo - 1])] }
            let su = setup(o, wc: wc, base: base, after: fam)
            let en = calendarTable.span(wc, ready: st, work: su + run).end
            if lo < b1 && blockFrom[lo] < max(en, st + 1) && blockTo[lo] > st {
                r = blockTo[lo]
                continue
            }
            return (st, en)
        }
    }
}
