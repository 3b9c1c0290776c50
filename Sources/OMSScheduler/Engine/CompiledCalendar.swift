/// A calendar compiled for fast queries: a weekly pattern of working windows
/// minus sorted, merged exception ranges (holidays and downtime).
final class CompiledCalendar: Sendable {
    static let week = 7 * 24 * 60

    /// Working windows within one week, sorted, disjoint, in [0, week).
    let windowStart: [Int]
    let windowEnd: [Int]
    /// True when the weekly pattern covers the whole week.
    let alwaysOn: Bool
    /// Non-working exceptions, sorted and merged.
    let excStart: [Int]
    let excEnd: [Int]

    init(shifts: [WeeklyShift]?, exceptions: [TimeRange]) throws(ModelError) {
        var ranges: [(Int, Int)] = []
        if let shifts {
            for s in shifts {
                guard (0..<7).contains(s.day), s.startMinute >= 0, s.endMinute > s.startMinute,
                    s.endMinute - s.startMinute <= Self.week
                else { throw .invalidValue("invalid shift \(s)") }
                let a = s.day * 1440 + s.startMinute
                let b = s.day * 1440 + s.endMinute
                if b <= Self.week {
                    ranges.append((a, b))
                } else {
                    ranges.append((a, Self.week))
                    ranges.append((0, b - Self.week))
                }
            }
            if ranges.isEmpty { throw .invalidValue("calendar has no working time") }
        } else {
            ranges = [(0, Self.week)]
        }
        let merged = Self.merge(ranges)
        windowStart = merged.map(\.0)
        windowEnd = merged.map(\.1)
        alwaysOn = merged.count == 1 && merged[0].0 == 0 && merged[0].1 == Self.week
        let exc = Self.merge(exceptions.filter { $0.end > $0.start }.map { ($0.start, $0.end) })
        excStart = exc.map(\.0)
        excEnd = exc.map(\.1)
    }

    static func merge(_ ranges: [(Int, Int)]) -> [(Int, Int)] {
        let sorted = ranges.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var out: [(Int, Int)] = []
        for r in sorted {
            if let last = out.last, r.0 <= last.1 {
                out[out.count - 1].1 = max(last.1, r.1)
            } else {
                out.append(r)
            }
        }
        return out
    }

    @inline(__always)
    static func floorMod(_ t: Int) -> Int {
        let r = t % week
        return r < 0 ? r + week : r
    }

    /// Index of the last exception whose start is <= t, or -1.
    @inline(__always)
    func lastExceptionStarting(atOrBefore t: Int) -> Int {
        var lo = 0
        var hi = excStart.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if excStart[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// Whether minute `t` (the minute [t, t+1)) is working time.
    func isWorking(_ t: Int) -> Bool {
        let x = lastExceptionStarting(atOrBefore: t)
        if x >= 0 && excEnd[x] > t { return false }
        if alwaysOn { return true }
        let w = Self.floorMod(t)
        for i in 0..<windowStart.count where windowStart[i] <= w && w < windowEnd[i] { return true }
        return false
    }

    /// The earliest working minute at or after `t`.
    func nextWorking(_ t0: Int) -> Int {
        var t = t0
        while true {
            let x = lastExceptionStarting(atOrBefore: t)
            if x >= 0 && excEnd[x] > t {
                t = excEnd[x]
                continue
            }
            if alwaysOn { return t }
            let w = Self.floorMod(t)
            let base = t - w
            var moved = false
            var inside = false
            for i in 0..<windowStart.count where windowEnd[i] > w {
                if windowStart[i] <= w {
                    inside = true
                } else {
                    t = base + windowStart[i]
                    moved = true
                }
                break
            }
            if inside { return t }
            if !moved { t = base + Self.week + windowStart[0] }
        }
    }

    /// End of the working segment that contains working minute `t`.
    func segmentEnd(_ t: Int) -> Int {
        let x = lastExceptionStarting(atOrBefore: t) + 1
        let nextExc = x < excStart.count ? excStart[x] : Int.max
        if alwaysOn { return nextExc }
        let w = Self.floorMod(t)
        let base = t - w
        var end = Int.max
        for i in 0..<windowStart.count where windowStart[i] <= w && w < windowEnd[i] {
            end = base + windowEnd[i]
            // A window ending at the week boundary continues into the next week.
            if windowEnd[i] == Self.week && windowStart[0] == 0 {
                end = base + Self.week + windowEnd[0]
            }
            break
        }
        return min(end, nextExc)
    }

    /// The end of `work` working minutes that start at or after `start`.
    func advance(_ start: Int, _ work: Int) -> Int {
        if work <= 0 { return start }
        var t = start
        var rem = work
        while true {
            t = nextWorking(t)
            let take = min(rem, segmentEnd(t) - t)
            t += take
            rem -= take
            if rem == 0 { return t }
        }
    }

    /// Working minutes in `[a, b)`.
    func workingMinutes(_ a: Int, _ b: Int) -> Int {
        var t = a
        var total = 0
        while t < b {
            t = nextWorking(t)
            if t >= b { break }
            let e = min(segmentEnd(t), b)
            total += e - t
            t = e
        }
        return total
    }

    /// The latest start such that `work` working minutes end by `end`.
    func retreat(_ end: Int, _ work: Int) -> Int {
        if work <= 0 { return end }
        var t = end
        var rem = work
        while true {
            // Move t back to the end of a working minute.
            while !isWorking(t - 1) { t = previousBoundary(t) }
            var s = t - 1
            // Walk back to the segment start, in chunks.
            let segStart = segmentStart(s)
            s = max(segStart, t - rem)
            rem -= t - s
            t = s
            if rem == 0 { return t }
        }
    }

    /// Start of the working segment containing working minute `m`.
    private func segmentStart(_ m: Int) -> Int {
        let x = lastExceptionStarting(atOrBefore: m)
        let prevExcEnd = x >= 0 ? excEnd[x] : Int.min
        if alwaysOn { return prevExcEnd }
        let w = Self.floorMod(m)
        let base = m - w
        var start = Int.min
        for i in 0..<windowStart.count where windowStart[i] <= w && w < windowEnd[i] {
            start = base + windowStart[i]
            if windowStart[i] == 0, let last = windowEnd.last, last == Self.week, windowStart.count > 1 {
                start = base - Self.week + windowStart[windowStart.count - 1]
            }
            break
        }
        return max(start, prevExcEnd)
    }

    /// For a non-working minute `t - 1`, a time before `t` at which to look again.
    private func previousBoundary(_ t: Int) -> Int {
        let m = t - 1
        let x = lastExceptionStarting(atOrBefore: m)
        if x >= 0 && excEnd[x] > m { return excStart[x] }
        let w = Self.floorMod(m)
        let base = m - w
        var best = Int.min
        for i in 0..<windowStart.count where windowEnd[i] <= w { best = base + windowEnd[i] }
        if best == Int.min, let last = windowEnd.last { best = base - Self.week + last }
        return best
    }
}
