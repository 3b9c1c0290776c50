public import OMSCore
public import OMSEngine

/// What the inventory service needs from the daemon: a single writer per plant
/// for mutations, and its state for reads.
public protocol InventoryBackend: Sendable {
    typealias Reply = @Sendable (Result<InventoryReply, ShardFailure<DomainError>>) -> Void

    /// Queues a command on the plant's writer; `reply` runs once its events are durable.
    func submit(plant: String, _ command: InventoryCommand, context: CommandContext, reply: @escaping Reply)

    /// Reads the plant's current state; nil if the plant has no inventory yet.
    func read<T>(plant: String, _ body: (InventoryState) throws -> T) rethrows -> T?

    /// Reads the whole plant (inventory and orders); nil if it has no shard yet.
    func read<T>(plant: String, _ body: (PlantState) throws -> T) rethrows -> T?

    /// The plants that have a shard, in id order.
    var plants: [String] { get }
}
