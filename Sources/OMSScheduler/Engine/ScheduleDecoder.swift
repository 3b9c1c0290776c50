/// Why an operation starts when it does (the binding constraint).
enum Binding: UInt8, Sendable {
    case release = 0, material, jobPredecessor, resourcePredecessor, frozenBlock, frozen
}

/// The output arrays of a decode, used as the base of a partial decode.
struct DecodedTimes {
    let start: [Int]
    let end: [Int]
    let setup: [Int]
    let ready: [Int]
    let binding: [Binding]
    let bindOp: [Int32]

    init(_ d: ScheduleDecoder) {
        start = d.start
        end = d.end
        setup = d.setup
        ready = d.ready
        binding = d.binding
        bindOp = d.bindOp
    }

    init(_ p: Plan) {
        start = p.start
        end = p.end
        setup = p.setup
        ready = p.ready
        binding = p.binding
        bindOp = p.bindOp
    }
}

/// Turns a sequencing into start and end times: every operation starts as
/// early as its predecessors, its unit, its calendar, its release and material
/// dates and the frozen operations allow (a semi-active schedule). All time
/// functions are monotone, so moving anything later never moves anything
/// earlier. Owns scratch buffers; one decoder per thread.
struct ScheduleDecoder: Sendable {
    var start: [Int] = []
    var end: [Int] = []
    var setup: [Int] = []
    /// Time at which the operation could start, before its calendar.
    var ready: [Int] = []
    var binding: [Binding] = []
    var bindOp: [Int32] = []
    private(set) var machPred: [Int32] = []
    private(set) var machSucc: [Int32] = []
    private var indeg: [Int32] = []
    /// Operations in the topological order of the last decode.
    private(set) var queue: [Int32] = []

    private mutating func resize(_ n: Int) {
        if start.count == n { return }
        start = .init(repeating: 0, count: n)
        end = start
        setup = start
        ready = start
        binding = .init(repeating: .release, count: n)
        bindOp = .init(repeating: -1, count: n)
        machPred = bindOp
        machSucc = bindOp
        indeg = .init(repeating: 0, count: n)
        queue = .init(repeating: 0, count: n)
    }

    /// Decodes; returns false when the sequencing has a cycle.
    ///
    /// With `base`, a plan of a problem whose operations are a prefix of
    /// `p`'s, operations of `base` that start before `keepBefore` keep their
    /// times (the caller guarantees nothing before that time changed).
    mutating func decode(_ p: Problem, _ s: Sequencing, base: DecodedTimes? = nil, keepBefore: Int = Int.min) -> Bool {
        let baseStart = base?.start ?? [], baseEnd = base?.end ?? [], baseSetup = base?.setup ?? []
        let baseReady = base?.ready ?? [], baseBinding = base?.binding ?? [], baseBindOp = base?.bindOp ?? []
        let baseCount = baseStart.count
        let n = p.opCount
        resize(n)
        // Work on local arrays (no copy-on-write, no per-access retains).
        var start = self.start, end = self.end, setup = self.setup, ready = self.ready
        var binding = self.binding, bindOp = self.bindOp
        var machPred = self.machPred, machSucc = self.machSucc, indeg = self.indeg, queue = self.queue
        self.start = []
        self.end = []
        self.setup = []
        self.ready = []
        self.binding = []
        self.bindOp = []
        self.machPred = []
        self.machSucc = []
        self.indeg = []
        self.queue = []
        defer {
            self.start = start
            self.end = end
            self.setup = setup
            self.ready = ready
            self.binding = binding
            self.bindOp = bindOp
            self.machPred = machPred
            self.machSucc = machSucc
            self.indeg = indeg
            self.queue = queue
        }
        let predStart = p.predStart, predList = p.predList, succStart = p.succStart, succList = p.succList
        let frozenUnit = p.frozenUnit, frozenStart = p.frozenStart, frozenEnd = p.frozenEnd
        let opOrder = p.opOrder, orderRelease = p.orderRelease, opMaterial = p.opMaterial
        let unitWC = p.unitWC, wcInitialFamily = p.wcInitialFamily, family = p.family
        let eligStart = p.eligStart, eligUnit = p.eligUnit, eligSetup = p.eligSetup, eligRun = p.eligRun
        let blockStart = p.blockStart, blockFrom = p.blockFrom, blockTo = p.blockTo, blockOp = p.blockOp
        let calendars = p.calendarTable, setupFlat = p.setupFlat, setupOffset = p.setupOffset
        let familyCount = p.familyNames.count
        let unitOf = s.unitOf

        for o in 0..<n {
            machPred[o] = -1
            machSucc[o] = -1
        }
        for seq in s.seqs {
            var prev: Int32 = -1
            for o in seq {
                machPred[Int(o)] = prev
                if prev >= 0 { machSucc[Int(prev)] = o }
                prev = o
            }
        }
        var tail = 0
        for o in 0..<n {
            if frozenUnit[o] >= 0 {
                indeg[o] = 0
            } else {
                indeg[o] = (predStart[o + 1] - predStart[o]) + (machPred[o] >= 0 ? 1 : 0)
            }
            if indeg[o] == 0 {
                queue[tail] = Int32(o)
                tail += 1
            }
        }
        var head = 0
        while head < tail {
            let o = Int(queue[head])
            head += 1
            // Place o.
            if frozenUnit[o] >= 0 {
                start[o] = frozenStart[o]
                end[o] = frozenEnd[o]
                ready[o] = frozenStart[o]
                setup[o] = 0
                binding[o] = .frozen
                bindOp[o] = -1
            } else if o < baseCount && baseStart[o] < keepBefore {
                start[o] = baseStart[o]
                end[o] = baseEnd[o]
                setup[o] = baseSetup[o]
                ready[o] = baseReady[o]
                binding[o] = baseBinding[o]
                bindOp[o] = baseBindOp[o]
            } else {
                var r = orderRelease[Int(opOrder[o])]
                var bind = Binding.release
                var bop: Int32 = -1
                let mat = opMaterial[o]
                if mat > r {
                    r = mat
                    bind = .material
                }
                for k in Int(predStart[o])..<Int(predStart[o + 1]) {
                    let q = predList[k]
                    let e = end[Int(q)]
                    if e > r || (e == r && bind != .jobPredecessor) {
                        r = e
                        bind = .jobPredecessor
                        bop = q
                    }
                }
                let u = Int(unitOf[o])
                let wc = Int(unitWC[u])
                var prevFam = wcInitialFamily[wc]
                var prevEnd = Int.min
                let mp = machPred[o]
                if mp >= 0 {
                    let e = end[Int(mp)]
                    if e >= r {
                        r = e
                        bind = .resourcePredecessor
                        bop = mp
                    }
                    prevFam = family[Int(mp)]
                    prevEnd = e
                }
                var base = 0
                var run = 0
                for k in Int(eligStart[o])..<Int(eligStart[o + 1]) where Int(eligUnit[k]) == u {
                    base = eligSetup[k]
                    run = eligRun[k]
                    break
                }
                let matrix = setupOffset[wc]
                let b0 = Int(blockStart[u])
                let b1 = Int(blockStart[u + 1])
                while true {
                    var (st, en) = calendars.span(wc, ready: r, work: run + base)
                    var fam = prevFam
                    var firstAfter = b1
                    if b0 < b1 {
                        // Blocks are sorted by start and do not overlap each other.
                        var lo = b0
                        var hi = b1
                        while lo < hi {
                            let mid = (lo + hi) >> 1
                            if blockTo[mid] <= st { lo = mid + 1 } else { hi = mid }
                        }
                        firstAfter = lo
                        if lo > b0 && blockTo[lo - 1] > prevEnd { fam = family[Int(blockOp[lo - 1])] }
                    }
                    var su = base
                    if matrix >= 0 {
                        let f = family[o]
                        if fam >= 0 && f >= 0 {
                            let v = setupFlat[matrix + Int(fam) * familyCount + Int(f)]
                            su = v >= 0 ? Int(v) : (fam == f ? 0 : base)
                        }
                        if su != base { (st, en) = calendars.span(wc, ready: r, work: run + su) }
                    }
                    if firstAfter < b1 && blockFrom[firstAfter] < max(en, st + 1) && blockTo[firstAfter] > st {
                        r = blockTo[firstAfter]
                        bind = .frozenBlock
                        bop = blockOp[firstAfter]
                        continue
                    }
                    start[o] = st
                    end[o] = en
                    setup[o] = su
                    ready[o] = r
                    binding[o] = bind
                    bindOp[o] = bop
                    break
                }
            }
            let ms = machSucc[o]
            if ms >= 0 {
                indeg[Int(ms)] -= 1
                if indeg[Int(ms)] == 0 {
                    queue[tail] = ms
                    tail += 1
                }
            }
            for k in Int(succStart[o])..<Int(succStart[o + 1]) {
                let q = Int(succList[k])
                if frozenUnit[q] >= 0 { continue }
                indeg[q] -= 1
                if indeg[q] == 0 {
                    queue[tail] = Int32(q)
                    tail += 1
                }
            }
        }
        return tail == n
    }
}
