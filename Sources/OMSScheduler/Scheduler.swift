import Dispatch
import Synchronization

/// The APS engine for one model: builds plans, improves them, repairs them
/// after events and answers capable-to-promise questions.
///
/// A `Scheduler` is an immutable value; operations that change the model
/// (rush orders, events) return a new scheduler with the new plan.
public struct Scheduler: Sendable {
    let problem: Problem
    /// Objective weights.
    public let objective: Objective

    /// Compiles a model; throws if it is inconsistent.
    public init(model: SchedulingModel, objective: Objective = .standard) throws(ModelError) {
        problem = try Problem.compile(model)
        self.objective = objective
    }

    init(problem: Problem, objective: Objective) {
        self.problem = problem
        self.objective = objective
    }

    /// The model this scheduler plans.
    public var model: SchedulingModel { problem.model }

    /// Number of operations in the model.
    public var operationCount: Int { problem.opCount }

    /// Decodes a sequencing into a plan.
    func plan(_ s: Sequencing) -> Plan {
        var d = ScheduleDecoder()
        let ok = d.decode(problem, s)
        precondition(ok, "internal error: cyclic sequencing")
        return Plan(problem: problem, sequencing: s, decoder: d, weights: objective)
    }

    /// The constructive pass: dispatches with each rule (plus optional
    /// randomised variants) and keeps the best plan by objective.
    public func constructivePlan(
        rules: [DispatchRule] = DispatchRule.allCases, randomizedRuns: Int = 0, seed: UInt64 = 1
    ) -> Plan {
        let ls = problem.latestStarts()
        let ruleList = rules.isEmpty ? [DispatchRule.mostWorkRemaining] : rules
        let runs = ruleList.count + max(0, randomizedRuns)
        var rng = SplitMix64(seed: seed)
        let seeds = (0..<runs).map { _ in rng.next() }
        // Runs are independent: spread them over the cores, keep the best
        // (lowest cost, ties to the earliest run, so the result is deterministic).
        let results = Mutex([Plan?](repeating: nil, count: runs))
        let p = problem
        let weights = objective
        let width = min(runs, SearchOptions.processorCount)
        DispatchQueue.concurrentPerform(iterations: width) { worker in
            var i = worker
            while i < runs {
                var d = Dispatcher(problem: p, rule: ruleList[i % ruleList.count], latestStart: ls)
                if i >= ruleList.count {
                    d.noise = 0.3
                    d.rng = SplitMix64(seed: seeds[i])
                }
                let s = d.run()
                var dec = ScheduleDecoder()
                _ = dec.decode(p, s)
                let plan = Plan(problem: p, sequencing: s, decoder: dec, weights: weights)
                results.withLock { $0[i] = plan }
                i += width
            }
        }
        let all = results.withLock { $0 }.compactMap { $0 }
        guard var best = all.first else {
            var d = Dispatcher(problem: p, rule: .mostWorkRemaining, latestStart: ls)
            return plan(d.run())
        }
        for candidate in all.dropFirst() where candidate.objective.cost < best.objective.cost { best = candidate }
        return best
    }

    /// Improves a plan of this scheduler by multi-threaded tabu search within
    /// the options' bounds. Blocks the calling thread; use `control` to cancel
    /// or to read the best plan so far from another thread.
    public func improve(
        _ plan: Plan, options: SearchOptions = SearchOptions(), control: SearchControl = SearchControl()
    ) -> SearchResult {
        precondition(plan.problem === problem, "plan belongs to another scheduler")
        return ParallelSearch(p: problem, w: objective).run(from: plan, options: options, control: control)
    }

    /// Constructive pass, then improvement search.
    public func schedule(
        options: SearchOptions = SearchOptions(), control: SearchControl = SearchControl()
    ) -> SearchResult {
        improve(constructivePlan(), options: options, control: control)
    }
}
