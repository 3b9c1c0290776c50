public import Foundation
public import OMSProto
import Synchronization

/// Facts about the running daemon that become known during start-up
/// (listener addresses after binding, the full method list after registration).
public final class ServerEnvironment: Sendable {
    public let startedAt: Date
    private let facts = Mutex<(listeners: [String], methods: [String])>(([], []))
    private let journalSource = Mutex<(@Sendable () -> Oms_V1_JournalCounters)?>(nil)

    public init(startedAt: Date = Date()) {
        self.startedAt = startedAt
    }

    public var listeners: [String] {
        get { facts.withLock { $0.listeners } }
        set { facts.withLock { $0.listeners = newValue } }
    }

    public var methods: [String] {
        get { facts.withLock { $0.methods } }
        set { facts.withLock { $0.methods = newValue } }
    }

    /// Where Info reads the journal writer's counters (a daemon without a
    /// journal leaves it nil and Info leaves them unset).
    public var journalCounters: (@Sendable () -> Oms_V1_JournalCounters)? {
        get { journalSource.withLock { $0 } }
        set { journalSource.withLock { $0 = newValue } }
    }
}
