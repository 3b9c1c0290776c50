import ArgumentParser

@main
struct OMSCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "omsctl",
        abstract: "Command-line client for the omsd order-management daemon.",
        subcommands: [
            HealthCommand.self, InfoCommand.self, OrderCommand.self, StockCommand.self, ImportCommand.self, PlanCommand.self,
        ]
    )
}
