import OMSScheduler

// Scheduler benchmarks. Figures, not assertions: run on an idle machine for
// stable numbers. Usage: scheduler-bench [--quick]
// Usage: scheduler-bench [--quick] [--only jobshop,speedup,mid,plant,rush]
let quick = CommandLine.arguments.contains("--quick")
let only: Set<String> = {
    guard let i = CommandLine.arguments.firstIndex(of: "--only"), i + 1 < CommandLine.arguments.count else { return [] }
    return Set(CommandLine.arguments[i + 1].split(separator: ",").map(String.init))
}()
func want(_ section: String) -> Bool { only.isEmpty || only.contains(section) }
let clock = ContinuousClock()

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func fmt(_ x: Double, _ digits: Int = 2) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let v = (x * p).rounded() / p
    return "\(v)"
}

func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let t0 = clock.now
    let v = try body()
    return (v, seconds(clock.now - t0))
}

let threads = SearchOptions.processorCount

// MARK: Job shop

if want("jobshop") {
print("## Job shop (minimum makespan)\n")
print("Threads: \(threads). Gap is to the proven optimum where known, otherwise to the simple lower bound (max machine load / job length).\n")
print("| instance | size | reference | constructive | best | gap | time (s) | iterations |")
print("|---|---|---|---|---|---|---|---|")
let budget: Duration = quick ? .seconds(2) : .seconds(10)
var jobShops: [(String, JobShopInstance, Int?)] = []
if let ft06 = try? JobShopInstance(orLibraryText: ClassicInstances.ft06) { jobShops.append(("ft06", ft06, 55)) }
if let ft10 = try? JobShopInstance(orLibraryText: ClassicInstances.ft10) { jobShops.append(("ft10", ft10, 930)) }
for (n, m, seed) in [(10, 5, UInt64(1)), (15, 10, 2), (20, 10, 3), (20, 15, 4), (30, 15, 5)] {
    jobShops.append(("gen-\(n)x\(m)-s\(seed)", Generators.jobShop(seed: seed, jobs: n, machines: m), nil))
}
for (name, inst, optimum) in jobShops {
    let reference = optimum ?? inst.lowerBound
    let control = SearchControl()
    let (sol, t) = try timed {
        try inst.solve(options: SearchOptions(timeLimit: budget, threads: threads, seed: 1), control: control)
    }
    let gap = Double(sol.makespan - reference) / Double(reference) * 100
    let refText = optimum.map { "opt \($0)" } ?? "LB \(reference)"
    print(
        "| \(name) | \(inst.jobs.count)x\(inst.machineCount) | \(refText) | \(sol.initialMakespan) | \(sol.makespan) | \(fmt(gap))% | \(fmt(t)) | \(sol.search.iterations) |"
    )
}

// Time to reach the optimum on ft10 (first run reaching 930 within budget).
if let ft10 = try? JobShopInstance(orLibraryText: ClassicInstances.ft10) {
    print("\n### ft10 over seeds (\(quick ? 2 : 5) s each, \(threads) threads)\n")
    print("| seed | makespan | gap |")
    print("|---|---|---|")
    for seed in UInt64(1)...(quick ? 2 : 5) {
        let sol = try ft10.solve(options: SearchOptions(timeLimit: quick ? .seconds(2) : .seconds(5), threads: threads, seed: seed))
        print("| \(seed) | \(sol.makespan) | \(fmt(Double(sol.makespan - 930) / 9.3))% |")
    }
}

}

// MARK: Search speed-up

if want("speedup") {
let many = max(2, threads)
print("\n## Search speed-up, 1 vs \(many) threads\n")
print("Throughput: the same iteration budget per thread (deterministic runs), iterations summed over threads.")
print("Quality: best makespan after the same wall-clock budget, mean over seeds 1-3.\n")
print("| instance | threads | iterations | wall (s) | iterations/s | makespan (fixed iterations) | mean makespan (fixed time) |")
print("|---|---|---|---|---|---|---|")
let speedInst = Generators.jobShop(seed: 3, jobs: 20, machines: 10)
var rates: [Double] = []
let perThread = quick ? 20_000 : 60_000
let qualityBudget: Duration = quick ? .seconds(1) : .seconds(4)
for th in [1, many] {
    let (sol, t) = try timed {
        try speedInst.solve(options: SearchOptions(timeLimit: .seconds(600), maxIterations: perThread, threads: th, seed: 11))
    }
    let rate = Double(sol.search.iterations) / t
    rates.append(rate)
    var sum = 0
    for seed in UInt64(1)...3 {
        sum += try speedInst.solve(options: SearchOptions(timeLimit: qualityBudget, threads: th, seed: seed)).makespan
    }
    print("| gen-20x10-s3 | \(th) | \(sol.search.iterations) | \(fmt(t)) | \(Int(rate)) | \(sol.makespan) | \(fmt(Double(sum) / 3, 1)) |")
}
if rates.count == 2 { print("\nThroughput speed-up, 1 -> \(many) threads: \(fmt(rates[1] / rates[0]))x") }
}

// MARK: Mid-size plant: what the search adds to the constructive pass

if want("mid") {
    print("\n## Mid-size plants: constructive pass vs tabu search (weighted tardiness objective)\n")
    print("Releases compressed into one week, so the plants are overloaded and tardiness dominates.\n")
    print("| orders x ops / work centers | constructive cost (late orders) | after search (late orders) | improvement | search (s) | iterations |")
    print("|---|---|---|---|---|---|")
    for (orders, wcs, seed) in [(100, 5, UInt64(5)), (300, 10, 6), (1000, 25, 7)] {
        let m = Generators.plant(seed: seed, orders: orders, ops: 5, workCenters: wcs, releaseDays: 7)
        let sch = try Scheduler(model: m)
        let start = sch.constructivePlan()
        let r = sch.improve(start, options: SearchOptions(timeLimit: quick ? .seconds(2) : .seconds(10), threads: threads, seed: 1))
        let gain = (start.objective.cost - r.plan.objective.cost) / max(1, start.objective.cost) * 100
        print(
            "| \(orders) x 5 / \(wcs) | \(fmt(start.objective.cost, 0)) (\(start.objective.lateOrders)) | \(fmt(r.plan.objective.cost, 0)) (\(r.plan.objective.lateOrders)) | \(fmt(gain, 1))% | \(fmt(seconds(r.elapsed))) | \(r.iterations) |"
        )
    }
}

// MARK: Full plant plan and rush insertion

if want("plant") || want("rush") {
let orders = quick ? 2_000 : 10_000
print("\n## Full plan: \(orders) orders x 5 operations on 50 work centers with calendars\n")
let model = Generators.plant(seed: 2024, orders: orders, ops: 5, workCenters: 50)
let (scheduler, tCompile) = try timed { try Scheduler(model: model) }
let (fast, tFast) = timed { scheduler.constructivePlan(rules: [.minimumSlack]) }
let (plan, tConstruct) = timed { scheduler.constructivePlan() }
let (violations, tValidate) = timed { scheduler.validate(plan) }
print("| step | time (s) | result |")
print("|---|---|---|")
print("| compile model (\(scheduler.operationCount) operations) | \(fmt(tCompile, 3)) | |")
print("| constructive, one rule (minimum slack) | \(fmt(tFast, 3)) | cost \(fmt(fast.objective.cost, 0)), late \(fast.objective.lateOrders) |")
print("| constructive, all \(DispatchRule.allCases.count) rules, best kept | \(fmt(tConstruct, 3)) | cost \(fmt(plan.objective.cost, 0)), late \(plan.objective.lateOrders), makespan \(plan.makespan) min |")
print("| validate | \(fmt(tValidate, 3)) | \(violations.isEmpty ? "valid" : "\(violations.count) violations") |")
let searchBudget: Duration = quick ? .seconds(3) : .seconds(20)
let (improved, tSearch) = timed {
    scheduler.improve(plan, options: SearchOptions(timeLimit: want("plant") ? searchBudget : .zero, threads: threads, seed: 1))
}
print(
    "| improve (\(threads) threads) | \(fmt(tSearch, 3)) | cost \(fmt(improved.plan.objective.cost, 0)), late \(improved.plan.objective.lateOrders), \(improved.iterations) iterations, valid: \(scheduler.validate(improved.plan).isEmpty) |"
)

// MARK: Rush insertion

print("\n## Rush insertion into the \(orders)-order plan\n")
var latencies: [Double] = []
var valid = 0
var movedOps = 0
let rushes = quick ? 30 : 200
var rng = SplitMix64(seed: 77)
for i in 0..<rushes {
    let release = Int(rng.next() % UInt64(20 * 1440))
    let rush = ProductionOrder(
        id: "RUSH\(i)", quantity: 5, releaseDate: release, dueDate: release + 1440, priority: 50,
        operations: (0..<5).map { k in
            Operation(id: "\(k)", workCenter: "WC\(Int(rng.next() % 50))", setupMinutes: 10, runMinutesPerUnit: 3)
        })
    let (result, t) = try timed { try scheduler.insert(rush, into: improved.plan, mode: .rush) }
    latencies.append(t * 1000)
    movedOps += result.diff.movedCount
    if i < 20 && result.scheduler.validate(result.plan).isEmpty { valid += 1 }
}
let sortedLatencies = latencies.sorted()
let pct = { (q: Double) -> Double in sortedLatencies[min(sortedLatencies.count - 1, Int(Double(sortedLatencies.count) * q))] }
print("| insertions | p50 (ms) | p99 (ms) | max (ms) | mean operations moved | validated |")
print("|---|---|---|---|---|---|")
print(
    "| \(rushes) | \(fmt(pct(0.5))) | \(fmt(pct(0.99))) | \(fmt(sortedLatencies.last ?? 0)) | \(movedOps / max(1, rushes)) | \(valid)/\(min(20, rushes)) valid |"
)
}
