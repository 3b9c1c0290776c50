public import OMSCore
public import OMSEngine

/// What the master-data service needs from the daemon: the catalog's single
/// writer for upserts, and its state for reads.
public protocol CatalogBackend: Sendable {
    typealias Reply = @Sendable (Result<CatalogReply, ShardFailure<DomainError>>) -> Void

    /// Queues an upsert; `reply` runs once its events are durable.
    func submit(_ command: CatalogCommand, context: CommandContext, reply: @escaping Reply)

    /// Reads the catalog's current state.
    func read<T>(_ body: (Catalog) throws -> T) rethrows -> T
}
