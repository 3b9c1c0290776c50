import ArgumentParser
import Foundation
import OMSScheduler

/// `omsctl plan model FILE.json`: plan a full model and summarise lateness.
struct PlanModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Plan a full model (JSON: calendars, workCenters, orders) and summarise lateness per order."
    )

    @Argument(help: "Model JSON file (see docs/decisions/0002-scheduler.md).")
    var file: String

    @OptionGroup var search: PlanSearchOptions

    @Option(name: .long, help: "Write the full plan as JSON.")
    var output: String?

    @Option(name: .long, help: "Objective weights tardiness,makespan,setup,wip.")
    var weights: String?

    func run() async throws {
        let model: SchedulingModel
        do {
            model = try JSONDecoder().decode(SchedulingModel.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw ValidationError("cannot read model \(file): \(error)")
        }
        var objective = Objective.standard
        if let weights {
            let parts = weights.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, let t = parts[0], let m = parts[1], let s = parts[2], let w = parts[3] else {
                throw ValidationError("--weights wants four numbers: tardiness,makespan,setup,wip")
            }
            objective = Objective(tardiness: t, makespan: m, setup: s, wip: w)
        }
        let scheduler: Scheduler
        do {
            scheduler = try Scheduler(model: model, objective: objective)
        } catch {
            throw ValidationError("invalid model: \(error)")
        }
        let options = SearchOptions(
            timeLimit: .milliseconds(Int64(search.timeLimit * 1000)), maxIterations: search.iterations,
            threads: search.threads ?? SearchOptions.processorCount, seed: search.seed)
        let clock = ContinuousClock()
        let t0 = clock.now
        let initial = scheduler.constructivePlan()
        let tConstruct = clock.now - t0
        let result = scheduler.improve(initial, options: options)
        let plan = result.plan
        let violations = scheduler.validate(plan)
        print("operations: \(scheduler.operationCount), orders: \(model.orders.count)")
        print("constructive: cost \(initial.objective.cost) in \(planSeconds(tConstruct)) s")
        print(
            "best: cost \(plan.objective.cost), makespan \(plan.makespan), late orders \(plan.objective.lateOrders), "
                + "weighted tardiness \(plan.objective.weightedTardiness), setup \(plan.objective.totalSetup)")
        print("search: \(result.iterations) iterations on \(result.threads) thread(s), \(planSeconds(result.elapsed)) s")
        print("validator: \(violations.isEmpty ? "ok" : "\(violations.count) violation(s)")")
        for v in violations.prefix(10) { print("  \(v)") }
        print("")
        print("order\tdue\tcompletion\tlateness\tcause")
        for o in plan.orders {
            let cause =
                o.lateness > 0
                ? (o.primaryCause?.rawValue ?? "-") + " "
                    + o.causes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }
                    .joined(separator: ",")
                : ""
            print("\(o.order)\t\(o.dueDate)\t\(o.completion)\t\(o.lateness)\t\(cause)")
        }
        if let output {
            try JSONEncoder.planSorted.encode(plan.report()).write(to: URL(fileURLWithPath: output))
            print("plan written to \(output)")
        }
    }
}
