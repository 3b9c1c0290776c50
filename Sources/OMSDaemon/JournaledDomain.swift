import OMSEngine
import OMSStore
import SwiftProtobuf

/// A shard domain as the daemon journals it: each event as an event type and
/// a protobuf payload, the state as a protobuf snapshot. One conformance per
/// domain (plants, catalog) is all the journal, recovery and shard set need
/// to host it.
protocol JournaledDomain: ShardDomain {
    associatedtype Snapshot: SwiftProtobuf.Message

    /// The state of a shard that has no journal yet; `key` is the plant (or
    /// other key) the shard is for, without the journal prefix.
    init(emptyShard key: String)
    init(snapshot: Snapshot)
    func snapshot() -> Snapshot
    /// `snapshot()` encoded; a domain with large states encodes it in parts.
    func encodedSnapshot() -> [UInt8]
    /// The state `encodedSnapshot()` saved; a domain with large states decodes it in parts.
    init(encodedSnapshot: [UInt8]) throws

    /// The journal's event_type column: which concrete event this is.
    static func eventType(of event: Event) -> String
    static func payload(of event: Event) -> [UInt8]
    /// The event a journal row holds.
    static func decode(type: String, payload: [UInt8]) throws -> Event

    /// Makes room for what applying up to `events` more events can add, so a
    /// long replay does not rehash its growing tables again and again.
    mutating func reserveCapacity(forEvents events: Int)
    /// After the replay: gives back what `reserveCapacity` reserved and the
    /// journal did not fill (most events create no reservation).
    mutating func releaseUnusedCapacity()

    /// Statements `projections` refers to by name; prepared on each writer connection.
    static var projectionStatements: [PreparedStatement] { get }
    /// What keeps the query tables in step with `records`, in the same transaction.
    static func projections(shard: String, records: [JournalRecord<Event>]) -> [PGStatement]
}

extension JournaledDomain where Event: SwiftProtobuf.Message {
    static func payload(of event: Event) -> [UInt8] {
        DomainJournal<Self>.encode(event)
    }

    static func decode(type: String, payload: [UInt8]) throws -> Event {
        try Event(serializedBytes: payload)
    }
}

extension JournaledDomain {
    func encodedSnapshot() -> [UInt8] {
        DomainJournal<Self>.encode(snapshot())
    }

    init(encodedSnapshot bytes: [UInt8]) throws {
        self.init(snapshot: try Snapshot(serializedBytes: bytes))
    }

    mutating func reserveCapacity(forEvents events: Int) {}
    mutating func releaseUnusedCapacity() {}

    static var projectionStatements: [PreparedStatement] { [] }
    static func projections(shard: String, records: [JournalRecord<Event>]) -> [PGStatement] { [] }
}
