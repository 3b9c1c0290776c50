internal import CLibPQ
internal import Foundation

/// A page of a journal tail, decoded, and the seq of its last row.
struct JournalPage<Element: Sendable>: Sendable {
    var elements: [Element]
    var lastSeq: Int64
}

/// The FETCH loop of a journal tail on its own thread, decoding each page
/// there and staying at most `pagesAhead` pages ahead of the thread that
/// applies them.
///
/// Replay is bound by the applying thread, so everything that need not run
/// on it runs here: fetching, building rows, decoding them. Pages come back
/// (`recycle`) once applied and are freed here too: memory freed by a thread
/// other than the one that allocated it sends glibc's malloc down its slow,
/// locked paths on both threads.
///
/// The connection is used only by the fetching thread until `next()` has
/// returned nil or `cancel()` returned.
final class JournalPagePrefetch<Element: Sendable>: @unchecked Sendable {
    private struct Handoff {
        var pages: [JournalPage<Element>] = []
        var spent: [JournalPage<Element>] = []
        var finished = false
        var failure: (any Error)?
        var cancelled = false
    }

    // The connection is only touched by `run` until it has finished; `handoff` is locked.
    private let connection: PGConnection
    private let cursor: String
    private let pageSize: Int
    private let decode: @Sendable (JournalEvent) throws -> Element
    private let handoff = ConditionLocked(Handoff())
    /// Small pages, several ahead: freeing a page that comes back is then a
    /// short burst the allocator's caches absorb.
    private static var pagesAhead: Int { 8 }

    init(connection: PGConnection, cursor: String, pageSize: Int, decode: @escaping @Sendable (JournalEvent) throws -> Element) {
        self.connection = connection
        self.cursor = cursor
        self.pageSize = pageSize
        self.decode = decode
    }

    func start() {
        Thread {
            Thread.current.name = "journal-fetch"  // from inside: see JournalWriter.start
            self.run()
        }.start()
    }

    private func run() {
        defer {
            handoff.withLock { $0.finished = true }
            handoff.signal()
        }
        while true {
            let page: JournalPage<Element>
            do {
                page = try fetchPage()
            } catch {
                handoff.withLock { $0.failure = error }
                return
            }
            var spent: [JournalPage<Element>] = []
            let proceed: Bool = handoff.waitFor { state in
                if state.cancelled { return (false, nil) }
                guard state.pages.count < Self.pagesAhead else { return (nil, nil) }
                if !page.elements.isEmpty { state.pages.append(page) }
                swap(&spent, &state.spent)
                return (true, nil)
            }
            handoff.signal()
            spent.removeAll()  // freed on this thread, where it was allocated
            // A short page was the cursor's last (a failed decode has thrown above).
            if !proceed || page.elements.count < pageSize { return }
        }
    }

    /// Each row is decoded as soon as it is read, so its bytes are freed
    /// while still hot in the allocator's per-thread cache.
    private func fetchPage() throws -> JournalPage<Element> {
        var decodeFailure: (any Error)?
        let page = try connection.withResult(.sql("FETCH \(pageSize) FROM \(cursor)", parameters: []), binaryResults: true) {
            result in
            var page = JournalPage<Element>(elements: [], lastSeq: 0)
            page.elements.reserveCapacity(Int(PQntuples(result)))
            for row in 0..<PQntuples(result) {
                let event = JournalEvent(
                    seq: columnInt64(result, row, 0), type: columnText(result, row, 1),
                    payload: columnBytes(result, row, 2),
                    commandID: PQgetisnull(result, row, 3) != 0 ? nil : columnText(result, row, 3))
                do {
                    page.elements.append(try decode(event))
                } catch {
                    decodeFailure = error
                    break
                }
                page.lastSeq = event.seq
            }
            return page
        }
        if let decodeFailure { throw decodeFailure }
        return page
    }

    /// The next page, or nil after the last; throws what fetching or decoding failed with.
    func next() throws -> JournalPage<Element>? {
        let (page, failure): (JournalPage<Element>?, (any Error)?) = handoff.waitFor { state in
            if !state.pages.isEmpty { return ((state.pages.removeFirst(), nil), nil) }
            if state.finished { return ((nil, state.failure), nil) }
            return (nil, nil)
        }
        handoff.signal()
        if let failure { throw failure }
        return page
    }

    /// Hands an applied page back, to be freed on the fetching thread.
    func recycle(_ page: JournalPage<Element>) {
        handoff.withLock { $0.spent.append(page) }
    }

    /// Stops the fetching and waits until it no longer uses the connection.
    func cancel() {
        handoff.withLock { $0.cancelled = true }
        handoff.signal()
        handoff.waitFor { state in (state.finished ? () : nil, Date().addingTimeInterval(0.01)) }
    }
}
