/// Builds the statements that keep a shard's query tables (orders, stock,
/// reservations ...) in step with its journal events, in the journal's
/// transaction.
///
/// The writer asks once per shard and transaction, handing over every unit
/// of that shard the transaction carries. Units queued while a commit ran
/// thus make one set of statements, whatever their number: a set-based
/// upsert may touch a row only once, so their statements could not simply
/// be concatenated, and one statement per unit would cost the server a
/// statement each.
public protocol JournalProjection: Sendable {
    /// The statements for this unit's events followed by those of `later`:
    /// the same shard's later units in the transaction, in journal order.
    func statements(shard: String, followedBy later: [any JournalProjection]) -> [PGStatement]
}

/// Statements fixed in advance; units' statements run one after the other.
public struct FixedStatements: JournalProjection {
    public var statements: [PGStatement]

    public init(_ statements: [PGStatement]) {
        self.statements = statements
    }

    public func statements(shard: String, followedBy later: [any JournalProjection]) -> [PGStatement] {
        statements + later.flatMap { $0.statements(shard: shard, followedBy: []) }
    }
}
