public import OMSProto
import Synchronization

/// The serving status of the daemon and its components ("store", "plant/P1"),
/// with change notification for Health/Watch.
public final class HealthRegistry: Sendable {
    public struct Entry: Sendable, Equatable {
        public var status: Oms_V1_ServingStatus
        public var reason: String
    }

    private struct State {
        var entries: [String: Entry] = ["": Entry(status: .serving, reason: "")]
        var watchers: [UInt64: (component: String, continuation: AsyncStream<Entry>.Continuation)] = [:]
        var nextWatcherID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// The status of a component; unknown components are NOT_FOUND to callers.
    public func status(of component: String) -> Entry? {
        state.withLock { $0.entries[component] }
    }

    public func set(_ component: String, _ status: Oms_V1_ServingStatus, reason: String = "") {
        let entry = Entry(status: status, reason: reason)
        let toNotify = state.withLock { state -> [AsyncStream<Entry>.Continuation] in
            guard state.entries[component] != entry else { return [] }
            state.entries[component] = entry
            return state.watchers.values.filter { $0.component == component }.map(\.continuation)
        }
        toNotify.forEach { $0.yield(entry) }
    }

    /// The current status at once, then each change, until the consumer stops.
    public func watch(_ component: String) -> AsyncStream<Entry> {
        let (stream, continuation) = AsyncStream<Entry>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let id = state.withLock { state -> UInt64 in
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            state.watchers[id] = (component, continuation)
            if let entry = state.entries[component] { continuation.yield(entry) }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }
}
