import ArgumentParser

struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Customer orders: submit, query, change state, watch.",
        subcommands: [
            OrderSubmitCommand.self, OrderGetCommand.self, OrderListCommand.self, OrderHistoryCommand.self,
            OrderTransitionCommand.self, OrderExpediteCommand.self, OrderWatchCommand.self,
        ]
    )
}
