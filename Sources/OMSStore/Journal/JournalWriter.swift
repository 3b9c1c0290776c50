internal import Foundation
public import Logging
internal import Synchronization

/// The group-commit journal writer: one thread of its own owning one
/// connection. Any thread submits units; the writer commits whatever is
/// queued in one transaction (bounded batch, bounded linger) and completes
/// each unit only after COMMIT returned. When PostgreSQL goes away, queued
/// and new submissions fail fast with `.unavailable` while the writer
/// reconnects with bounded backoff.
public final class JournalWriter: Sendable {
    typealias Machine = GroupCommitStateMachine<JournalUnit, ContinuousClock.Instant>

    public let configuration: GroupCommitConfiguration
    let connectionString: String
    /// The journal's own statements plus the sinks' projection statements,
    /// prepared on every connection the writer opens.
    let preparedStatements: [PreparedStatement]
    let logger: Logger
    let state: ConditionLocked<Machine>
    let counted = Mutex(JournalWriterStatistics())
    private let exited = DispatchSemaphore(value: 0)
    private let started = Mutex(false)
    private let name: String

    /// `projectionStatements`: what the units' projections use with `.prepared(name:)`.
    public init(
        connectionString: String, configuration: GroupCommitConfiguration = .groupCommit,
        projectionStatements: [PreparedStatement] = [],
        name: String = "journal", logger: Logger = Logger(label: "oms.store.journal")
    ) {
        self.connectionString = connectionString
        preparedStatements = JournalStatements.all + projectionStatements
        self.configuration = configuration
        self.name = name
        self.logger = logger
        state = ConditionLocked(Machine(configuration: configuration, now: .now))
    }

    /// Starts the writer thread and waits (up to `timeout`) for its first
    /// connection. Returns whether it is connected; if not, it keeps trying.
    @discardableResult
    public func start(timeout: Duration = .seconds(10)) -> Bool {
        let first = started.withLock { wasStarted in
            defer { wasStarted = true }
            return !wasStarted
        }
        guard first else { return isAvailable }
        Thread { [self] in
            // Set here: on Linux a thread names only itself (at most 15 bytes).
            Thread.current.name = name
            runLoop()
            exited.signal()
        }.start()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if isAvailable { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return isAvailable
    }

    /// Queues a unit. Throws at once (the completion is then not called) when
    /// the database is unavailable, the queue is full or the writer stops.
    public func submit(_ unit: JournalUnit) throws(StoreError) {
        let action = state.withLock { $0.submit(unit, now: .now) }
        switch action {
        case .enqueued(let wakeWriter):
            if wakeWriter { state.signal() }
        case .rejected(let error):
            throw error
        }
    }

    /// Commits what is queued, refuses new units, closes the connection and
    /// joins the thread. Blocking; safe to call twice or before `start()`.
    public func stop() {
        if state.withLock({ $0.stop() }) { state.signal() }
        guard started.withLock({ $0 }) else { return }
        exited.wait()
        exited.signal()  // let a second stop() pass too
    }

    /// True while connected and accepting units (for health and status).
    public var isAvailable: Bool {
        state.withLock { machine in
            switch machine.phase {
            case .ready, .committing: !machine.stopping
            case .disconnected, .connecting, .stopped: false
            }
        }
    }

    public var queuedUnits: Int { state.withLock { $0.queuedCount } }

    /// Totals since start (a copy, consistent in itself).
    public var statistics: JournalWriterStatistics { counted.withLock { $0 } }
}
