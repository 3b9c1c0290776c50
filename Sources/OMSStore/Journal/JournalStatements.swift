/// The SQL the journal writer prepares on each connection. Values always
/// travel as parameters.
enum JournalStatements {
    static let append = PreparedStatement(
        name: "oms_journal_append",
        sql: "INSERT INTO journal (shard, seq, event_type, payload, command_id) VALUES ($1, $2, $3, $4, $5)",
        parameterTypes: [25, 20, 25, 17, 25])
    static let advanceHead = PreparedStatement(
        name: "oms_journal_advance_head",
        sql: "SELECT oms_advance_journal_head($1, $2, $3)",
        parameterTypes: [25, 20, 20])
    static let saveSnapshot = PreparedStatement(
        name: "oms_snapshot_save",
        sql: "INSERT INTO snapshots (shard, seq, payload) VALUES ($1, $2, $3)",
        parameterTypes: [25, 20, 17])

    static let all = [append, advanceHead, saveSnapshot]

    /// BEGIN, every unit's rows, one head check per shard, COMMIT. Returns the
    /// statements and the index of COMMIT; nil when the units themselves break
    /// the shard's order (a caller bug), with the reason.
    static func transaction(for units: [JournalUnit]) -> Result<[PGStatement], StoreError> {
        var statements: [PGStatement] = [.sql("BEGIN", parameters: [])]
        var ranges: [String: (first: Int64, last: Int64)] = [:]
        var shardOrder: [String] = []
        for unit in units {
            for event in unit.events {
                if let range = ranges[unit.shard] {
                    guard event.seq == range.last + 1 else {
                        return .failure(
                            StoreError(
                                kind: .rejected,
                                message: "shard \(unit.shard): seq \(event.seq) does not follow \(range.last)"))
                    }
                    ranges[unit.shard] = (range.first, event.seq)
                } else {
                    ranges[unit.shard] = (event.seq, event.seq)
                    shardOrder.append(unit.shard)
                }
                statements.append(
                    .prepared(
                        name: append.name,
                        parameters: [
                            .text(unit.shard), .int64(event.seq), .text(event.type), .bytes(event.payload),
                            event.commandID.map(PGValue.text) ?? .null,
                        ]))
            }
            statements += unit.projections
            if let snapshot = unit.snapshot {
                statements.append(
                    .prepared(
                        name: saveSnapshot.name,
                        parameters: [.text(unit.shard), .int64(snapshot.seq), .bytes(snapshot.payload)]))
            }
        }
        for shard in shardOrder {
            if let range = ranges[shard] {
                statements.append(
                    .prepared(name: advanceHead.name, parameters: [.text(shard), .int64(range.first), .int64(range.last)]))
            }
        }
        statements.append(.sql("COMMIT", parameters: []))
        return .success(statements)
    }
}
