import Foundation
import OMSCore

#if canImport(Glibc)
    import Glibc
#endif

/// Plants as omsd's shards hold them: `PlantState` values behind a
/// reader-writer lock, read concurrently by the serving threads. Changes are
/// decided and applied as a plant's writer does, without the journal (this
/// server serves reads; nothing it answers needs durability).
final class PlantStore: @unchecked Sendable {
    private var plants: [String: PlantState] = [:]
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Reads a plant's current state; nil if it has none yet.
    func read<T>(plant: String, _ body: (PlantState) throws -> T) rethrows -> T? {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        guard let state = plants[plant] else { return nil }
        return try body(state)
    }

    /// Decides a command and applies its events and the material check's
    /// reaction, as the shard does; returns the answer the shard would give.
    func run(_ command: PlantCommand, context: CommandContext) throws(DomainError) -> PlantReply {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        var state = plants[context.plantID] ?? PlantState(plantID: context.plantID)
        let (events, answer) = try state.decide(command, context: context)
        events.forEach { state.apply($0) }
        let reaction = state.reaction(to: events, context: context)
        reaction.forEach { state.apply($0) }
        plants[context.plantID] = state
        return reaction.isEmpty ? answer : state.refreshed(answer)
    }
}
