internal import CLibPQ
internal import Foundation

/// Reads a shard back for recovery: its latest snapshot and the journal
/// after it, in seq order. Binary rows (no string parsing, no hex-decoded
/// bytea) from one cursor, inside one repeatable-read transaction so
/// snapshot and tail agree.
public struct JournalReader {
    public let connection: PGConnection
    public var pageSize: Int

    public init(connection: PGConnection, pageSize: Int = 20_000) {
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
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let snapshot = try latestSnapshot(shard: shard)
            try applySnapshot(snapshot)
            let last = try readEvents(shard: shard, after: snapshot?.seq ?? 0, apply)
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
            return ShardSnapshot(seq: int64(result, 0, 0), payload: bytes(result, 0, 1))
        }
    }

    /// Calls `apply` for each event with seq > `after`, in order; returns the
    /// last seq seen (or `after`).
    ///
    /// One cursor over the primary key, fetched a page at a time: a single
    /// ordered index scan. Sorting is switched off for it because a journal
    /// that has not been analysed yet looks tiny to the planner, which then
    /// sorts the whole remaining tail (on disk) for every page.
    @discardableResult
    public func readEvents(shard: String, after: Int64, _ apply: (JournalEvent) throws -> Void) throws -> Int64 {
        let ownTransaction = PQtransactionStatus(try connection.liveHandle()) == PQTRANS_IDLE
        if ownTransaction { try connection.execute("BEGIN READ ONLY") }
        do {
            let last = try readTail(shard: shard, after: after, apply)
            if ownTransaction { try connection.execute("COMMIT") }
            return last
        } catch {
            if ownTransaction { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    private func readTail(shard: String, after: Int64, _ apply: (JournalEvent) throws -> Void) throws -> Int64 {
        try connection.execute("SET LOCAL enable_sort = off")
        try connection.execute(
            """
            DECLARE oms_journal_tail NO SCROLL CURSOR FOR
             SELECT seq, event_type, payload, command_id FROM journal
              WHERE shard = $1 AND seq > $2 ORDER BY seq
            """,
            [.text(shard), .int64(after)])
        // Pages are fetched on a thread of their own while this one applies
        // the previous page: the server reads and sends while we decode.
        let prefetch = PagePrefetch(connection: connection, pageSize: pageSize)
        let fetcher = Thread { prefetch.run() }
        fetcher.name = "journal-prefetch"
        fetcher.start()
        var last = after
        do {
            while let page = try prefetch.next() {
                for event in page { try apply(event) }
                if let lastEvent = page.last { last = lastEvent.seq }
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

private func int64(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> Int64 {
    guard PQgetlength(result, row, column) == 8, let value = PQgetvalue(result, row, column) else { return 0 }
    return UnsafeRawPointer(value).loadUnaligned(as: Int64.self).bigEndian
}

private func bytes(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> [UInt8] {
    let length = Int(PQgetlength(result, row, column))
    guard length > 0, let value = PQgetvalue(result, row, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: value, count: length))
}

private func text(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> String {
    let length = Int(PQgetlength(result, row, column))
    guard length > 0, let value = PQgetvalue(result, row, column) else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: value, count: length), as: UTF8.self)
}

/// The FETCH loop of a journal tail on its own thread, at most two pages
/// ahead of the thread that applies them. The connection is used only by
/// the fetching thread until `next()` has returned nil or `cancel()` returned.
private final class PagePrefetch: @unchecked Sendable {
    private struct Handoff {
        var pages: [[JournalEvent]] = []
        var finished = false
        var failure: StoreError?
        var cancelled = false
    }

    // The connection is only touched by `run` until it has finished; `handoff` is locked.
    private let connection: PGConnection
    private let pageSize: Int
    private let handoff = ConditionLocked(Handoff())

    init(connection: PGConnection, pageSize: Int) {
        self.connection = connection
        self.pageSize = pageSize
    }

    func run() {
        defer {
            handoff.withLock { $0.finished = true }
            handoff.signal()
        }
        while true {
            var page: [JournalEvent] = []
            page.reserveCapacity(pageSize)
            do {
                try connection.withResult(.sql("FETCH \(pageSize) FROM oms_journal_tail", parameters: []), binaryResults: true) {
                    result in
                    for row in 0..<PQntuples(result) {
                        page.append(
                            JournalEvent(
                                seq: int64(result, row, 0), type: text(result, row, 1), payload: bytes(result, row, 2),
                                commandID: PQgetisnull(result, row, 3) != 0 ? nil : text(result, row, 3)))
                    }
                }
            } catch {
                handoff.withLock { $0.failure = error }
                return
            }
            let full = page.count == pageSize
            let proceed: Bool = handoff.waitFor { state in
                if state.cancelled { return (false, nil) }
                guard state.pages.count < 2 else { return (nil, nil) }
                if !page.isEmpty { state.pages.append(page) }
                return (true, nil)
            }
            handoff.signal()
            if !proceed || !full { return }
        }
    }

    /// The next page, or nil after the last; throws what the fetching failed with.
    func next() throws(StoreError) -> [JournalEvent]? {
        let (page, failure): ([JournalEvent]?, StoreError?) = handoff.waitFor { state in
            if !state.pages.isEmpty { return ((state.pages.removeFirst(), nil), nil) }
            if state.finished { return ((nil, state.failure), nil) }
            return (nil, nil)
        }
        handoff.signal()
        if let failure { throw failure }
        return page
    }

    /// Stops the fetching and waits until it no longer uses the connection.
    func cancel() {
        handoff.withLock { $0.cancelled = true }
        handoff.signal()
        handoff.waitFor { state in (state.finished ? () : nil, Date().addingTimeInterval(0.01)) }
    }
}
