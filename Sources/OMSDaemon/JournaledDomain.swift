import OMSEngine
import OMSStore
import SwiftProtobuf

/// A shard domain whose events and snapshots are protobuf messages, as the
/// daemon journals them. One conformance per domain (inventory, catalog,
/// orders) is all the journal, recovery and shard set need to host it.
protocol JournaledDomain: ShardDomain where Event: SwiftProtobuf.Message {
    associatedtype Snapshot: SwiftProtobuf.Message

    /// The state of a shard that has no journal yet; `key` is the plant (or
    /// other key) the shard is for, without the journal prefix.
    init(emptyShard key: String)
    init(snapshot: Snapshot)
    func snapshot() -> Snapshot

    /// The journal's event_type column: which concrete event this is.
    static func eventType(of event: Event) -> String

    /// Statements `projections` refers to by name; prepared on each writer connection.
    static var projectionStatements: [PreparedStatement] { get }
    /// What keeps the query tables in step with `records`, in the same transaction.
    static func projections(shard: String, records: [JournalRecord<Event>]) -> [PGStatement]
}

extension JournaledDomain {
    static var projectionStatements: [PreparedStatement] { [] }
    static func projections(shard: String, records: [JournalRecord<Event>]) -> [PGStatement] { [] }
}
