import Foundation
import Logging
import OMSCore
import OMSEngine
import OMSProto
import OMSServices
import OMSStore

/// Every single-writer shard of the daemon, by domain. Journal shard ids:
/// a plant (its inventory and orders) is the plant id itself ("P1"; plant ids
/// have no ':'), the master-data catalog is "catalog:global".
final class Shards: Sendable {
    let plants: ShardSet<PlantState>
    let catalog: ShardSet<Catalog>

    let events: OrderEventHub

    init(
        writer: JournalWriter, snapshots: SnapshotWriter, connectionString: String, events: OrderEventHub,
        settings: ShardSettings
    ) {
        self.events = events
        plants = ShardSet(
            prefix: "", journal: DomainJournal(writer: writer, snapshots: snapshots, connectionString: connectionString), settings: settings,
            configure: { $0.withDefaultHold(settings.reservationHold).withKeyRetention(settings.keyRetention) }
        ) { plant, records, committed in
            let orders = records.compactMap { record -> (sequence: UInt64, event: Oms_Journal_V1_OrderEvent)? in
                guard case .order(let event) = record.event else { return nil }
                return (UInt64(record.seq), event)
            }
            events.publish(plant: plant, orders, state: committed)
        }
        catalog = ShardSet(
            prefix: "catalog:", journal: DomainJournal(writer: writer, snapshots: snapshots, connectionString: connectionString),
            settings: settings)
    }

    /// Every statement a projection uses, for the journal writer to prepare.
    static var projectionStatements: [PreparedStatement] {
        PlantState.projectionStatements + Catalog.projectionStatements
    }

    /// Rebuilds every shard that has a journal. Returns how many shards and events.
    func recover(connection: PGConnection, logger: Logger) throws -> (shards: Int, events: Int64) {
        let heads = try connection.execute("SELECT shard FROM journal_heads ORDER BY shard")
        var shards = 0
        var events: Int64 = 0
        for row in 0..<heads.count {
            guard let shard = heads.string(row: row, column: 0), !shard.isEmpty else { continue }
            if catalog.owns(journalShard: shard) {
                events += try catalog.recover(journalShard: shard, connection: connection, logger: logger)
            } else if plants.owns(journalShard: shard) {
                events += try plants.recover(journalShard: shard, connection: connection, logger: logger)
                let sequence = plants.read(key: shard) { $0.sequence } ?? 0
                self.events.recovered(plant: shard, sequence: UInt64(clamping: sequence))
            } else {
                logger.warning("journal shard \(shard) belongs to no domain this omsd knows; left alone")
                continue
            }
            shards += 1
        }
        return (shards, events)
    }

    func stopAll() async {
        await plants.stopAll()
        await catalog.stopAll()
    }
}

extension ShardSet: InventoryBackend where Domain == PlantState {
    func submit(plant: String, _ command: InventoryCommand, context: CommandContext, reply: @escaping InventoryBackend.Reply) {
        submit(key: plant, .inventory(command), context: context, commandID: context.idempotencyKey) { result in
            reply(result.flatMap { answer in
                guard case .inventory(let answer) = answer else { return .failure(.unavailable("mismatched reply")) }
                return .success(answer)
            })
        }
    }

    func read<T>(plant: String, _ body: (InventoryState) throws -> T) rethrows -> T? {
        try read(key: plant) { try body($0.inventory) }
    }
}

extension ShardSet: OrderBackend where Domain == PlantState {
    func submit(
        plant: String, _ command: OrderCommand, onBehalfOf: String, context: CommandContext,
        reply: @escaping OrderBackend.Reply
    ) {
        submit(key: plant, .order(command, onBehalfOf: onBehalfOf), context: context, commandID: context.idempotencyKey) {
            result in
            reply(result.flatMap { answer in
                guard case .order(let answer) = answer else { return .failure(.unavailable("mismatched reply")) }
                return .success(answer)
            })
        }
    }

    func read<T>(plant: String, _ body: (PlantState) throws -> T) rethrows -> T? {
        try read(key: plant, body)
    }

    var plants: [String] { keys.sorted() }
}

extension ShardSet: CatalogBackend where Domain == Catalog {
    static var catalogKey: String { "global" }

    func submit(_ command: CatalogCommand, context: CommandContext, reply: @escaping CatalogBackend.Reply) {
        submit(key: Self.catalogKey, command, context: context, commandID: context.idempotencyKey, reply: reply)
    }

    func read<T>(_ body: (Catalog) throws -> T) rethrows -> T {
        // Before the first upsert there is no shard yet: the catalog is empty.
        try read(key: Self.catalogKey, body) ?? body(Catalog())
    }
}
