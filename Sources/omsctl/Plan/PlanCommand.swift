import ArgumentParser

/// `omsctl plan`: run the APS engine on a file, offline.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Run the scheduling engine on a job-shop instance or a full model file.",
        subcommands: [PlanJobShopCommand.self, PlanModelCommand.self]
    )
}

/// Search options shared by the plan subcommands.
struct PlanSearchOptions: ParsableArguments {
    @Option(name: .long, help: "Search time budget in seconds.")
    var timeLimit: Double = 10

    @Option(name: .long, help: "Search threads (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Iterations per thread (deterministic run when the time limit is not reached).")
    var iterations: Int?

    func validate() throws {
        guard timeLimit >= 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be >= 0") }
        if let threads, threads < 1 { throw ValidationError("--threads must be >= 1") }
        if let iterations, iterations < 0 { throw ValidationError("--iterations must be >= 0") }
    }
}
