internal import CLibPQ

/// Reads a shard back for recovery: its latest snapshot and the journal
/// after it, in seq order. Binary rows (no string parsing, no hex-decoded
/// bytea) from one cursor, inside one repeatable-read transaction so
/// snapshot and tail agree.
public struct JournalReader {
    public let connection: PGConnection
    public var pageSize: Int

    public init(connection: PGConnection, pageSize: Int = 1_000) {
        self.connection = connection
        self.pageSize = max(1, pageSize)
    }

    /// Calls `apply` with the latest snapshot (nil if none) and then each
    /// event after it, in order. Returns the seq of the last thing applied
    /// (0 for an empty shard).
    @discardableResult
    public func recover(
        shard: String, snapshot applySnapshot: (ShardSnapshot?) throws -> Void,
        event apply: (JournalEvent) throws -> Void
    ) throws -> Int64 {
        try recover(shard: shard, snapshot: applySnapshot, decode: { $0 }, event: apply)
    }

    /// The same, with each event turned into what `apply` takes by `decode`,
    /// which runs on the fetching thread, off the thread that applies.
    @discardableResult
    public func recover<Element: Sendable>(
        shard: String, snapshot applySnapshot: (ShardSnapshot?) throws -> Void,
        decode: @escaping @Sendable (JournalEvent) throws -> Element,
        event apply: (Element) throws -> Void
    ) throws -> Int64 {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let snapshot = try latestSnapshot(shard: shard)
            try applySnapshot(snapshot)
            let last = try readTail(shard: shard, after: snapshot?.seq ?? 0, decode: decode, apply)
            try connection.execute("COMMIT")
            return last
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    public func latestSnapshot(shard: String) throws(StoreError) -> ShardSnapshot? {
        try connection.withResult(
            .sql(
                "SELECT seq, payload FROM snapshots WHERE shard = $1 ORDER BY seq DESC LIMIT 1",
                parameters: [.text(shard)]),
            binaryResults: true
        ) { result in
            guard PQntuples(result) > 0 else { return nil }
            return ShardSnapshot(seq: columnInt64(result, 0, 0), payload: columnBytes(result, 0, 1))
        }
    }

    /// Calls `apply` for each event with seq > `after`, in order; returns the
    /// last seq seen (or `after`).
    @discardableResult
    public func readEvents(shard: String, after: Int64, _ apply: (JournalEvent) throws -> Void) throws -> Int64 {
        try readEvents(shard: shard, after: after, decode: { $0 }, apply)
    }

    /// The same, with `decode` run on the fetching thread (see `recover`).
    @discardableResult
    public func readEvents<Element: Sendable>(
        shard: String, after: Int64, decode: @escaping @Sendable (JournalEvent) throws -> Element,
        _ apply: (Element) throws -> Void
    ) throws -> Int64 {
        let ownTransaction = PQtransactionStatus(try connection.liveHandle()) == PQTRANS_IDLE
        if ownTransaction { try connection.execute("BEGIN READ ONLY") }
        do {
            let last = try readTail(shard: shard, after: after, decode: decode, apply)
            if ownTransaction { try connection.execute("COMMIT") }
            return last
        } catch {
            if ownTransaction { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    /// One cursor over the primary key, fetched a page at a time: a single
    /// ordered index scan. Sorting is switched off for it because a journal
    /// that has not been analysed yet looks tiny to the planner, which then
    /// sorts the whole remaining tail (on disk) for every page.
    private func readTail<Element: Sendable>(
        shard: String, after: Int64, decode: @escaping @Sendable (JournalEvent) throws -> Element,
        _ apply: (Element) throws -> Void
    ) throws -> Int64 {
        try connection.execute("SET LOCAL enable_sort = off")
        try connection.execute(
            """
            DECLARE oms_journal_tail NO SCROLL CURSOR FOR
             SELECT seq, event_type, payload, command_id FROM journal
              WHERE shard = $1 AND seq > $2 ORDER BY seq
            """,
            [.text(shard), .int64(after)])
        // Pages are fetched and decoded on a thread of their own while this
        // one applies the previous page.
        let prefetch = JournalPagePrefetch(
            connection: connection, cursor: "oms_journal_tail", pageSize: pageSize, decode: decode)
        prefetch.start()
        var last = after
        do {
            while let page = try prefetch.next() {
                for element in page.elements { try apply(element) }
                last = page.lastSeq
                prefetch.recycle(page)
            }
        } catch {
            prefetch.cancel()
            throw error
        }
        try connection.execute("CLOSE oms_journal_tail")
        return last
    }

    /// The last committed seq of a shard (0 if it has none).
    public func lastSeq(shard: String) throws(StoreError) -> Int64 {
        let rows = try connection.execute("SELECT last_seq FROM journal_heads WHERE shard = $1", [.text(shard)])
        return rows.count == 0 ? 0 : rows.int64(row: 0, column: 0) ?? 0
    }
}
