internal import Foundation
public import Logging

/// Keeps PostgreSQL's planner statistics in step while tables grow from
/// empty, on a thread and a connection of its own.
///
/// The journal writer's statements are prepared once per connection, and
/// PostgreSQL caches their plans until the statistics of a table they use
/// change. Plans made while a projection table was empty (a new database, or
/// a plant's first orders) join a batch to it by scanning the plant's whole
/// range of an index: cheap at ten rows, one full range per batch at ten
/// thousand. Autovacuum analyzes a table only after a minute's nap and 10%
/// growth, and until then an amend-heavy load ran at a few hundred writes a
/// second. Once a second, this analyzes every table that holds at least
/// 1,000 rows and four times as many as at its last analysis (so at 1,000,
/// 4,000, 16,000, ... rows); ANALYZE takes no lock writers wait for, and it
/// invalidates the cached plans. Growth is what matters: small tables updated
/// all the time (stock rows, journal heads) are left alone, and large tables
/// reach autovacuum's 10% long before they grow fourfold.
public final class PlannerStatistics: Sendable {
    /// A table is analyzed once it holds this many rows ...
    public static let minimumRows = 1_000
    /// ... and this many times as many as at its last analysis.
    public static let growthFactor = 4

    /// Tables due, as ANALYZE commands with the names quoted by the server.
    static let dueTables = """
        SELECT format('ANALYZE %I.%I', s.schemaname, s.relname)
          FROM pg_stat_user_tables AS s JOIN pg_class AS c ON c.oid = s.relid
         WHERE s.schemaname = current_schema()
           AND s.n_live_tup >= greatest($1::int8, $2::int8 * greatest(c.reltuples, 0))
         ORDER BY s.relname
        """

    private let connectionString: String
    private let interval: Duration
    private let logger: Logger
    /// Whether `stop()` was called.
    private let stopping = ConditionLocked(false)
    private let exited = DispatchSemaphore(value: 0)

    public init(connectionString: String, interval: Duration = .seconds(1), logger: Logger) {
        self.connectionString = connectionString
        self.interval = interval
        self.logger = logger
    }

    public func start() {
        Thread { [self] in
            // Set here: on Linux a thread names only itself (at most 15 bytes).
            Thread.current.name = "planner-stats"
            run()
            exited.signal()
        }.start()
    }

    /// Ends the thread after the analysis under way, if any. Call once, after `start()`.
    public func stop() {
        stopping.withLock { $0 = true }
        stopping.signal()
        exited.wait()
    }

    /// Analyzes the tables that are due now; returns how many.
    @discardableResult
    public static func refresh(on connection: PGConnection) throws(StoreError) -> Int {
        let due = try connection.execute(dueTables, [.int64(Int64(minimumRows)), .int64(Int64(growthFactor))])
        for row in 0..<due.count {
            guard let command = due.string(row: row, column: 0) else { continue }
            try connection.execute(command)
        }
        return due.count
    }

    private func run() {
        var connection: PGConnection?
        defer { connection?.close() }
        while !waitOrStop(interval) {
            do {
                let live = try connection ?? PGConnection(connectionString: connectionString)
                connection = live
                let count = try Self.refresh(on: live)
                if count > 0 { logger.debug("planner statistics refreshed", metadata: ["tables": "\(count)"]) }
            } catch {
                // PostgreSQL away: the journal writer reports that; try again next time.
                logger.debug("planner statistics not refreshed", metadata: ["error": "\(error)"])
                connection?.close()
                connection = nil
            }
        }
    }

    /// Waits `duration` unless stopped first; returns whether to stop.
    private func waitOrStop(_ duration: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: duration.timeInterval)
        return stopping.waitFor { stopping in
            if stopping { return (true, nil) }
            return Date() >= deadline ? (false, nil) : (nil, deadline)
        }
    }
}
