/// Working intervals of every work center, precomputed over a horizon and
/// flattened into plain arrays, so the decoder's inner loop is a binary search
/// and a short walk with no reference counting. Beyond the horizon it falls
/// back to the compiled weekly pattern.
struct CalendarTable: Sendable {
    /// Intervals of work center `w`: `lower[w]..<upper[w]`; `lower[w] == -1` means around the clock.
    let lower: [Int32]
    let upper: [Int32]
    let from: [Int]
    let to: [Int]
    let calendars: [CompiledCalendar?]

    init(calendars: [CompiledCalendar?], horizon: ClosedRange<Int>) {
        var lo: [Int32] = []
        var hi: [Int32] = []
        var f: [Int] = []
        var t: [Int] = []
        for cal in calendars {
            guard let cal else {
                lo.append(-1)
                hi.append(-1)
                continue
            }
            lo.append(Int32(f.count))
            var x = cal.nextWorking(horizon.lowerBound)
            while x < horizon.upperBound {
                let e = cal.segmentEnd(x)
                if let last = t.last, last == x, f.count > Int(lo[lo.count - 1]) {
                    t[t.count - 1] = e
                } else {
                    f.append(x)
                    t.append(e)
                }
                x = cal.nextWorking(e)
            }
            hi.append(Int32(f.count))
        }
        lower = lo
        upper = hi
        from = f
        to = t
        self.calendars = calendars
    }

    /// Start and end of `work` minutes on work center `wc`, starting no earlier than `ready`.
    @inline(__always)
    func span(_ wc: Int, ready r: Int, work d: Int) -> (start: Int, end: Int) {
        let l = Int(lower[wc])
        if l < 0 { return (r, r + d) }
        let h = Int(upper[wc])
        // First interval that ends after r.
        var a = l
        var b = h
        while a < b {
            let m = (a + b) >> 1
            if to[m] <= r { a = m + 1 } else { b = m }
        }
        if a == h { return slow(wc, r, d) }
        let st = max(r, from[a])
        var t = st
        var rem = d
        var i = a
        while true {
            let avail = to[i] - t
            if avail >= rem { return (st, t + rem) }
            rem -= avail
            i += 1
            if i == h {
                let e = calendars[wc]?.advance(to[i - 1], rem) ?? (to[i - 1] + rem)
                return (st, e)
            }
            t = from[i]
        }
    }

    private func slow(_ wc: Int, _ r: Int, _ d: Int) -> (start: Int, end: Int) {
        guard let cal = calendars[wc] else { return (r, r + d) }
        let st = cal.nextWorking(r)
        return (st, cal.advance(st, d))
    }
}
