import Benchmark
import OMSCore
import OMSProto

/// ListReservations' first page on a plant holding many ACTIVE reservations:
/// the ordered walk of the ACTIVE ones (the default request) against the
/// scan every other state filter still makes (ACTIVE or RELEASED, none of
/// them released: the same page), in the same run.
enum Listing {
    static let held = 200_000
    static let listings = 10

    /// A plant with `held` ACTIVE reservations, built once (about a second).
    static func plant() -> PlantState {
        var plant = PlantState(plantID: Commands.plant)
        do {
            _ = try plant.handle(Commands.receive("BOLT-M8", "\(held)"), context: Commands.context("wms"))
            for number in 0..<held {
                _ = try plant.handle(
                    Commands.reserve("BOLT-M8", "1", reference: "pick-\(number)"), context: Commands.context("wms"))
            }
        } catch {
            preconditionFailure("refused: \(error)")
        }
        return plant
    }

    static func register() {
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
            tags: ["ops": "\(listings)"],
            warmupIterations: 2,
            maxDuration: .seconds(2),
            maxIterations: 1_000
        )
        let plant = plant()
        let walked = Oms_V1_ListReservationsRequest()
        let scanned = Oms_V1_ListReservationsRequest.with { $0.states = [.active, .released] }
        Benchmark("Reservations: list a page of 100 of \(held) ACTIVE, walk", configuration: configuration) { _ in
            for _ in 0..<listings { blackHole(plant.inventory.listReservations(walked, after: 0, limit: 100)) }
        }
        Benchmark("Reservations: list a page of 100 of \(held) ACTIVE, scan", configuration: configuration) { _ in
            for _ in 0..<listings { blackHole(plant.inventory.listReservations(scanned, after: 0, limit: 100)) }
        }
    }
}
