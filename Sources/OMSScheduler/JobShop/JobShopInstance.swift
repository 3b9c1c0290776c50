/// A classic job-shop instance: every job visits machines in a fixed order,
/// one operation per machine visit; each machine runs one operation at a time.
public struct JobShopInstance: Sendable, Hashable {
    /// Per job, its operations in routing order: (machine, processing time).
    public var jobs: [[JobShopStep]]
    /// Number of machines (machines are numbered from 0).
    public var machineCount: Int

    /// Creates an instance.
    public init(jobs: [[JobShopStep]], machineCount: Int) {
        self.jobs = jobs
        self.machineCount = machineCount
    }

    /// Parses OR-Library text: a line `jobs machines`, then per job the pairs
    /// `machine time` in routing order. Lines before the size line that are
    /// not two integers (titles, comments) are skipped.
    public init(orLibraryText text: String) throws(ModelError) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(whereSeparator: \.isWhitespace) }
        var i = 0
        var header: (Int, Int)? = nil
        while i < lines.count {
            let l = lines[i]
            i += 1
            if l.count == 2, let a = Int(l[0]), let b = Int(l[1]) {
                header = (a, b)
                break
            }
        }
        guard let (n, m) = header, n > 0, m > 0 else { throw .invalidValue("no 'jobs machines' line found") }
        var numbers: [Int] = []
        while i < lines.count && numbers.count < n * m * 2 {
            for tok in lines[i] {
                guard let v = Int(tok) else { throw .invalidValue("not a number: \(tok)") }
                numbers.append(v)
            }
            i += 1
        }
        guard numbers.count >= n * m * 2 else {
            throw .invalidValue("expected \(n * m * 2) numbers after the size line, found \(numbers.count)")
        }
        var jobs: [[JobShopStep]] = []
        for j in 0..<n {
            var steps: [JobShopStep] = []
            for k in 0..<m {
                let machine = numbers[(j * m + k) * 2]
                let time = numbers[(j * m + k) * 2 + 1]
                guard machine >= 0, machine < m, time >= 0 else {
                    throw .invalidValue("job \(j) step \(k): bad machine \(machine) or time \(time)")
                }
                steps.append(JobShopStep(machine: machine, duration: time))
            }
            jobs.append(steps)
        }
        self.init(jobs: jobs, machineCount: m)
    }

    /// The instance as a scheduling model: machine `k` is work center `M<k>`,
    /// job `j` is order `J<j>` with operations `O<k>`, no calendars, due 0.
    public var model: SchedulingModel {
        SchedulingModel(
            workCenters: (0..<machineCount).map { WorkCenter(id: "M\($0)") },
            orders: jobs.enumerated().map { j, steps in
                ProductionOrder(
                    id: "J\(j)", dueDate: 0,
                    operations: steps.enumerated().map { k, s in
                        Operation(id: "O\(k)", workCenter: "M\(s.machine)", runMinutesPerUnit: s.duration)
                    })
            })
    }

    /// A lower bound on the makespan: max of machine loads and job lengths.
    public var lowerBound: Int {
        var load = [Int](repeating: 0, count: machineCount)
        var best = 0
        for steps in jobs {
            best = max(best, steps.reduce(0) { $0 + $1.duration })
            for s in steps { load[s.machine] += s.duration }
        }
        return max(best, load.max() ?? 0)
    }

    /// Solves for minimum makespan: constructive pass, then tabu search.
    public func solve(options: SearchOptions, control: SearchControl = SearchControl()) throws(ModelError)
        -> JobShopSolution
    {
        let scheduler = try Scheduler(model: model, objective: .makespanOnly)
        let initial = scheduler.constructivePlan(randomizedRuns: 20, seed: options.seed)
        let result = scheduler.improve(initial, options: options, control: control)
        return JobShopSolution(plan: result.plan, instance: self, result: result, initialMakespan: initial.makespan)
    }
}

/// One step of a job: a machine and a processing time.
public struct JobShopStep: Sendable, Hashable, Codable {
    /// Machine index, from 0.
    public var machine: Int
    /// Processing time.
    public var duration: Int

    /// Creates a step.
    public init(machine: Int, duration: Int) {
        self.machine = machine
        self.duration = duration
    }
}

/// A solved job-shop instance.
public struct JobShopSolution: Sendable {
    /// Makespan of the best schedule.
    public var makespan: Int
    /// Makespan after the constructive pass, before search.
    public var initialMakespan: Int
    /// Per job, per routing step: machine, start, end.
    public var jobs: [[JobShopOperation]]
    /// Search statistics.
    public var search: SearchResult

    init(plan: Plan, instance: JobShopInstance, result: SearchResult, initialMakespan: Int) {
        makespan = plan.makespan
        self.initialMakespan = initialMakespan
        search = result
        var out: [[JobShopOperation]] = []
        var o = 0
        for steps in instance.jobs {
            var row: [JobShopOperation] = []
            for s in steps {
                row.append(JobShopOperation(machine: s.machine, start: plan.start[o], end: plan.end[o]))
                o += 1
            }
            out.append(row)
        }
        jobs = out
    }
}

/// One operation of a job-shop solution.
public struct JobShopOperation: Sendable, Hashable, Codable {
    /// Machine index.
    public var machine: Int
    /// Start time.
    public var start: Int
    /// End time.
    public var end: Int
}
