import ArgumentParser
import Foundation
import OMSScheduler

/// `omsctl plan jobshop FILE`: minimum-makespan schedule of an OR-Library instance.
struct PlanJobShopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobshop",
        abstract: "Schedule a job-shop instance (OR-Library format) for minimum makespan."
    )

    @Argument(help: "Instance file: 'jobs machines', then per job the pairs 'machine time' (machines from 0).")
    var file: String

    @OptionGroup var search: PlanSearchOptions

    @Option(name: .long, help: "Write the schedule as JSON: {\"jobs\":[[{\"machine\",\"start\",\"end\"},...],...]}.")
    var output: String?

    func run() async throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        let instance: JobShopInstance
        do {
            instance = try JobShopInstance(orLibraryText: text)
        } catch {
            throw ValidationError("\(file): \(error)")
        }
        let options = SearchOptions(
            timeLimit: .milliseconds(Int64(search.timeLimit * 1000)), maxIterations: search.iterations,
            threads: search.threads ?? SearchOptions.processorCount, seed: search.seed)
        let clock = ContinuousClock()
        let t0 = clock.now
        let solution = try instance.solve(options: options)
        let elapsed = clock.now - t0
        print("instance: \(instance.jobs.count) jobs x \(instance.machineCount) machines")
        print("makespan: \(solution.makespan)")
        print("lower bound: \(instance.lowerBound)")
        print("constructive makespan: \(solution.initialMakespan)")
        print("iterations: \(solution.search.iterations) on \(solution.search.threads) thread(s)")
        print("time: \(planSeconds(elapsed)) s")
        if let output {
            let data = try JSONEncoder.planSorted.encode(JobShopPlanFile(jobs: solution.jobs))
            try data.write(to: URL(fileURLWithPath: output))
            print("plan written to \(output)")
        }
    }
}

/// The JSON written by `plan jobshop --output`.
struct JobShopPlanFile: Codable {
    var jobs: [[JobShopOperation]]
}

extension JSONEncoder {
    static var planSorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}

func planSeconds(_ d: Duration) -> String {
    let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    return String(format: "%.3f", s)
}
