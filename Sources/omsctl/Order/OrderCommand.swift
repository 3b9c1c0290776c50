import ArgumentParser

struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Customer orders and their production orders: submit, query, change state, split, merge, watch.",
        subcommands: [
            OrderSubmitCommand.self, OrderGetCommand.self, OrderListCommand.self, OrderHistoryCommand.self,
            OrderTransitionCommand.self, OrderExpediteCommand.self, OrderWatchCommand.self,
            OrderSplitCommand.self, OrderMergeCommand.self, OrderLotsCommand.self,
        ]
    )
}
