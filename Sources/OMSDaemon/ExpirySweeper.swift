import Foundation
import OMSCore

/// Returns the stock of expired reservations: every interval, each plant
/// whose state holds an ACTIVE reservation past its expiry gets an
/// `expireReservations` command, which its writer journals like any other
/// (so expiry survives a crash, and the material check can hand the stock
/// to production orders that miss it). Until the sweep, Release and Consume
/// already refuse an expired reservation.
struct ExpirySweeper: Sendable {
    let plants: ShardSet<PlantState>
    let interval: Duration

    func run() async {
        while !Task.isCancelled {
            sweepOnce(now: Date())
            try? await Task.sleep(for: interval)
        }
    }

    func sweepOnce(now: Date) {
        for plant in plants.keys {
            let due = plants.read(key: plant) { $0.inventory.hasExpiredReservations(now: now) } ?? false
            guard due else { continue }
            let context = CommandContext(now: now, principal: "system", plantID: plant)
            // The outcome needs no answer: a failed sweep is retried on the next tick.
            plants.submit(key: plant, .expireReservations, context: context, commandID: "") { _ in }
        }
    }
}
