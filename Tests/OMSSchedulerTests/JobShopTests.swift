import OMSScheduler
import Testing

@Suite struct JobShopTests {
    @Test func parsesORLibraryText() throws {
        let inst = try JobShopInstance(orLibraryText: TestModels.ft06)
        #expect(inst.jobs.count == 6)
        #expect(inst.machineCount == 6)
        #expect(inst.jobs[0][0] == JobShopStep(machine: 2, duration: 1))
        #expect(inst.jobs[5][5] == JobShopStep(machine: 2, duration: 1))
        #expect(throws: ModelError.self) { try JobShopInstance(orLibraryText: "2 2\n0 1 1 2\n") }
        #expect(throws: ModelError.self) { try JobShopInstance(orLibraryText: "1 2\n0 1 5 2\n") }
        #expect(throws: ModelError.self) { try JobShopInstance(orLibraryText: "no header here") }
    }

    /// Small instances whose optimum is proven by enumerating every
    /// combination of machine orders: the engine finds the optimum.
    @Test(arguments: [
        (UInt64(1), 3, 3), (2, 3, 3), (3, 4, 3), (4, 3, 4), (5, 4, 3), (6, 3, 3), (7, 4, 3), (8, 3, 4),
    ])
    func findsBruteForceOptimum(seed: UInt64, jobs: Int, machines: Int) throws {
        let inst = TestModels.jobShop(seed: seed, jobs: jobs, machines: machines)
        let optimum = BruteForce.optimum(inst)
        let sol = try inst.solve(options: SearchOptions(timeLimit: .seconds(120), maxIterations: 3000, threads: 1, seed: seed))
        #expect(sol.makespan == optimum, "instance \(seed): \(inst.jobs)")
        #expect(sol.makespan >= inst.lowerBound)
        try checkSchedule(inst, sol)
    }

    @Test func ft06ReachesKnownOptimum() throws {
        let inst = try JobShopInstance(orLibraryText: TestModels.ft06)
        let sol = try inst.solve(options: SearchOptions(timeLimit: .seconds(120), maxIterations: 20_000, threads: 2, seed: 1))
        #expect(sol.makespan == 55)
        try checkSchedule(inst, sol)
    }

    @Test func deterministicForSeedThreadsAndIterations() throws {
        let inst = TestModels.jobShop(seed: 99, jobs: 8, machines: 6, maxTime: 50)
        for threads in [1, 2] {
            let opts = SearchOptions(timeLimit: .seconds(120), maxIterations: 2000, threads: threads, seed: 7, epochIterations: 250)
            let a = try inst.solve(options: opts)
            let b = try inst.solve(options: opts)
            #expect(a.jobs == b.jobs)
            #expect(a.makespan == b.makespan)
        }
    }

    /// Independent check of a job-shop schedule: routing order, machine capacity, durations.
    func checkSchedule(_ inst: JobShopInstance, _ sol: JobShopSolution) throws {
        var perMachine = [[JobShopOperation]](repeating: [], count: inst.machineCount)
        var mk = 0
        for (j, steps) in inst.jobs.enumerated() {
            var t = 0
            for (k, s) in steps.enumerated() {
                let op = sol.jobs[j][k]
                #expect(op.machine == s.machine)
                #expect(op.end - op.start == s.duration)
                #expect(op.start >= t)
                t = op.end
                perMachine[s.machine].append(op)
                mk = max(mk, op.end)
            }
        }
        #expect(mk == sol.makespan)
        for ops in perMachine {
            let sorted = ops.sorted { $0.start < $1.start }
            for i in 1..<max(1, sorted.count) { #expect(sorted[i].start >= sorted[i - 1].end) }
        }
    }
}
