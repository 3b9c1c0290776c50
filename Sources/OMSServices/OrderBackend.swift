public import OMSCore
public import OMSEngine

/// What the order service needs from the daemon: each plant's single writer
/// for order commands, and the plants' states for reads.
public protocol OrderBackend: Sendable {
    typealias Reply = @Sendable (Result<OrderReply, ShardFailure<DomainError>>) -> Void

    /// Queues an order command on the plant's writer; `reply` runs once its events are durable.
    func submit(plant: String, _ command: OrderCommand, onBehalfOf: String, context: CommandContext, reply: @escaping Reply)

    /// Reads one plant's state; nil if the plant has no shard yet.
    func read<T>(plant: String, _ body: (PlantState) throws -> T) rethrows -> T?

    /// The plants that have a shard, in id order.
    var plants: [String] { get }
}
