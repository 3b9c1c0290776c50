/// The SQL the journal writer prepares on each connection. Values always
/// travel as parameters; a batch's events go in one set-based INSERT and its
/// shards' heads in one call, so a transaction costs a handful of statements
/// whatever its size.
enum JournalStatements {
    static let appendMany = PreparedStatement(
        name: "oms_journal_append_many",
        sql: """
            INSERT INTO journal (shard, seq, event_type, payload, command_id)
            SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::bytea[], $5::text[])
            """,
        parameterTypes: [1009, 1016, 1009, 1001, 1009])
    static let advanceHeads = PreparedStatement(
        name: "oms_journal_advance_heads",
        sql: "SELECT oms_advance_journal_heads($1::text[], $2::int8[], $3::int8[])",
        parameterTypes: [1009, 1016, 1016])
    static let saveSnapshot = PreparedStatement(
        name: "oms_snapshot_save",
        sql: "INSERT INTO snapshots (shard, seq, payload) VALUES ($1, $2, $3)",
        parameterTypes: [25, 20, 17])

    static let all = [appendMany, advanceHeads, saveSnapshot]

    /// BEGIN, every unit's events, one set of projection statements per
    /// shard, the units' snapshots, one head check for all shards, COMMIT.
    /// Fails without touching the database when the units themselves break a
    /// shard's order (a caller bug).
    /// `largestStatement`: see `Self.largestStatement` (tests pass a small one).
    static func transaction(
        for units: [JournalUnit], largestStatement: Int = Self.largestStatement
    ) -> Result<[PGStatement], StoreError> {
        var shards: [String?] = [], seqs: [Int64] = [], types: [String?] = []
        var payloads: [[UInt8]] = [], commandIDs: [String?] = []
        var ranges: [String: (first: Int64, last: Int64)] = [:]
        var shardOrder: [String] = []
        var projections: [String: [any JournalProjection]] = [:]
        var projectionOrder: [String] = []
        var snapshots: [PGStatement] = []
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
                shards.append(unit.shard)
                seqs.append(event.seq)
                types.append(event.type)
                payloads.append(event.payload)
                commandIDs.append(event.commandID)
            }
            if let projection = unit.projection {
                if projections[unit.shard] == nil { projectionOrder.append(unit.shard) }
                projections[unit.shard, default: []].append(projection)
            }
            if let snapshot = unit.snapshot {
                snapshots.append(
                    .prepared(
                        name: saveSnapshot.name,
                        parameters: [.text(unit.shard), .int64(snapshot.seq), .bytes(snapshot.payload)]))
            }
        }
        var statements: [PGStatement] = [.sql("BEGIN", parameters: [])]
        if !seqs.isEmpty {
            statements.append(
                .prepared(
                    name: appendMany.name,
                    parameters: [
                        .textArray(shards), .int64Array(seqs), .textArray(types), .byteaArray(payloads),
                        .textArray(commandIDs),
                    ]))
        }
        for shard in projectionOrder {
            guard let units = projections[shard], let first = units.first else { continue }
            statements += first.statements(shard: shard, followedBy: Array(units.dropFirst()))
        }
        statements += snapshots
        if !shardOrder.isEmpty {
            let heads = shardOrder.compactMap { shard in ranges[shard].map { (shard, $0) } }
            statements.append(
                .prepared(
                    name: advanceHeads.name,
                    parameters: [
                        .textArray(heads.map(\.0)), .int64Array(heads.map(\.1.first)),
                        .int64Array(heads.map(\.1.last)),
                    ]))
        }
        statements.append(.sql("COMMIT", parameters: []))
        // PostgreSQL drops a connection sent a statement of over 1 GB. Refused
        // here, the batch is retried a unit at a time, so only a unit that
        // alone is that large fails (input limits keep one command far below it).
        if let index = statements.firstIndex(where: { $0.parameterBytes > largestStatement }) {
            return .failure(
                StoreError(
                    kind: .rejected,
                    message: "statement \(index) of the transaction carries \(statements[index].parameterBytes) bytes of parameters, over the \(largestStatement) one may"))
        }
        return .success(statements)
    }

    /// Well below PostgreSQL's 1 GB limit on one message.
    static let largestStatement = 512 << 20
}
