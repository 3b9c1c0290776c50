public import Atomics

/// Daemon-wide RPC counters, read by the server-info call and metrics.
public final class ServerCounters: Sendable {
    public let connectionsOpen = ManagedAtomic<UInt64>(0)
    public let connectionsTotal = ManagedAtomic<UInt64>(0)
    public let streamsOpen = ManagedAtomic<UInt64>(0)
    public let requestsTotal = ManagedAtomic<UInt64>(0)
    public let streamsCancelled = ManagedAtomic<UInt64>(0)
    public let deadlinesExceeded = ManagedAtomic<UInt64>(0)
    public let protocolErrors = ManagedAtomic<UInt64>(0)

    public init() {}

    func increment(_ counter: KeyPath<ServerCounters, ManagedAtomic<UInt64>>) {
        self[keyPath: counter].wrappingIncrement(ordering: .relaxed)
    }

    func decrement(_ counter: KeyPath<ServerCounters, ManagedAtomic<UInt64>>) {
        self[keyPath: counter].wrappingDecrement(ordering: .relaxed)
    }

    public func value(_ counter: KeyPath<ServerCounters, ManagedAtomic<UInt64>>) -> UInt64 {
        self[keyPath: counter].load(ordering: .relaxed)
    }
}
