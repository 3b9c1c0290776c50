/// Checks a schedule against every constraint of the model, independently of
/// how the schedule was produced.
struct Validator {
    let p: Problem

    /// `unitOf`, `start`, `end` per operation index; `present[o]` false when missing.
    func check(unitOf: [Int32], start: [Int], end: [Int], present: [Bool]) -> [Violation] {
        var out: [Violation] = []
        func add(_ k: Violation.Kind, _ o: Int, _ detail: String) {
            out.append(
                Violation(kind: k, order: p.orderIDs[Int(p.opOrder[o])], operation: p.opIDs[o], detail: detail))
        }
        let n = p.opCount
        var perUnit = [[Int]](repeating: [], count: p.unitCount)
        for o in 0..<n {
            guard present[o] else {
                add(.missingOperation, o, "not scheduled")
                continue
            }
            if end[o] < start[o] { add(.negativeDuration, o, "ends \(end[o]) before it starts \(start[o])") }
            let u = Int(unitOf[o])
            if p.isFrozen(o) {
                if u != Int(p.frozenUnit[o]) || start[o] != p.frozenStart[o] || end[o] != p.frozenEnd[o] {
                    add(.frozenMoved, o, "frozen at \(p.frozenStart[o])..<\(p.frozenEnd[o]) was moved")
                }
            } else if p.eligibility(o, u) < 0 {
                add(.ineligibleWorkCenter, o, "work center \(p.unitName(u).workCenter) cannot run it")
            }
            if u >= 0 && u < p.unitCount { perUnit[u].append(o) }
        }
        // Capacity and calendar (with sequence-dependent setups) per unit.
        for u in 0..<p.unitCount {
            let ops = perUnit[u].sorted { (start[$0], end[$0], $0) < (start[$1], end[$1], $1) }
            let wc = Int(p.unitWC[u])
            let cal = p.wcCalendar[wc]
            var maxEnd = Int.min
            var prevOp = -1
            for o in ops {
                if prevOp >= 0 && start[o] < maxEnd && end[o] > start[o] && maxEnd > start[o] {
                    add(.capacity, o, "overlaps \(p.opIDs[prevOp]) of \(p.orderIDs[Int(p.opOrder[prevOp])]) on \(p.unitName(u))")
                }
                if !p.isFrozen(o) {
                    // Family of the operation that ended last before this one.
                    let fam = prevOp >= 0 ? p.family[prevOp] : p.wcInitialFamily[wc]
                    let k = p.eligibility(o, u)
                    if k >= 0 {
                        let need = p.setup(o, wc: wc, base: p.eligSetup[k], after: fam) + p.eligRun[k]
                        let have = cal?.workingMinutes(start[o], end[o]) ?? (end[o] - start[o])
                        if have < need {
                            add(.calendar, o, "needs \(need) working minutes, has \(have) in \(start[o])..<\(end[o])")
                        }
                    }
                }
                if end[o] > maxEnd {
                    maxEnd = end[o]
                    prevOp = o
                }
            }
        }
        // Precedence, release, material (frozen operations are facts).
        for o in 0..<n where present[o] && !p.isFrozen(o) {
            for k in Int(p.predStart[o])..<Int(p.predStart[o + 1]) {
                let q = Int(p.predList[k])
                if present[q] && end[q] > start[o] {
                    add(.precedence, o, "starts \(start[o]) before \(p.opIDs[q]) ends \(end[q])")
                }
            }
            let r = p.orderRelease[Int(p.opOrder[o])]
            if start[o] < r { add(.release, o, "starts \(start[o]) before release \(r)") }
            if p.opMaterial[o] != Int.min && start[o] < p.opMaterial[o] {
                add(.material, o, "starts \(start[o]) before material at \(p.opMaterial[o])")
            }
        }
        return out
    }
}
