import Benchmark
import OMSCore

/// Commands (or reserve + release pairs) per measured run, on a fresh plant
/// each run; the clock stops before the plant is freed. The `ops` tag names
/// it, so that per-command figures can be derived from the exported run
/// times (scripts/bench-micro).
private let commands = 1_000

/// The benchmarks measure accepted commands only: a refusal is a broken benchmark.
private func handled(_ state: inout PlantState, _ command: PlantCommand, as principal: String) -> PlantReply {
    do {
        return try state.handle(command, context: Commands.context(principal))
    } catch {
        preconditionFailure("refused: \(error)")
    }
}

let benchmarks: @Sendable () -> Void = {
    // Built here: Benchmark.Configuration is not Sendable, so it cannot be a global.
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
        tags: ["ops": "\(commands)"],
        warmupIterations: 5,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )
    Benchmark("Stock: receive (1 line)", configuration: configuration) { benchmark in
        var plant = PlantState(plantID: Commands.plant)
        let receive = Commands.receive("BOLT-M8", "40")
        benchmark.startMeasurement()
        for _ in 0..<commands {
            blackHole(handled(&plant, receive, as: "wms"))
        }
        benchmark.stopMeasurement()
    }

    // The stock state machine's core: an all-or-nothing reservation checked
    // against available stock, then returned.
    Benchmark("Stock: reserve + release (1 line)", configuration: configuration) { benchmark in
        var plant = PlantState(plantID: Commands.plant)
        _ = handled(&plant, Commands.receive("BOLT-M8", "1000000"), as: "wms")
        let reserves = (0..<commands).map { Commands.reserve("BOLT-M8", "4", reference: "pick-\($0)") }
        benchmark.startMeasurement()
        for reserve in reserves {
            // The release names the reservation the reply created, as a client would.
            let reply = handled(&plant, reserve, as: "wms")
            guard case .inventory(.reserve(let reserved)) = reply else { preconditionFailure("not a reserve reply") }
            blackHole(handled(&plant, Commands.release(reserved.reservation.reservationID), as: "wms"))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("Order: submit (2 lines)", configuration: configuration) { benchmark in
        var plant = PlantState(plantID: Commands.plant)
        let submits = (0..<commands).map { Commands.submit(number: $0) }
        benchmark.startMeasurement()
        for submit in submits {
            blackHole(handled(&plant, submit, as: "erp"))
        }
        benchmark.stopMeasurement()
    }

    // RECEIVED -> APPROVED for orders submitted before the measurement.
    Benchmark("Order: approve (2 lines)", configuration: configuration) { benchmark in
        var plant = PlantState(plantID: Commands.plant)
        var orderIDs: [String] = []
        for number in 0..<commands {
            guard case .order(.submit(let submitted)) = handled(&plant, Commands.submit(number: number), as: "erp")
            else { preconditionFailure("not a submit reply") }
            orderIDs.append(submitted.order.orderID)
        }
        let approves = orderIDs.map(Commands.approve)
        benchmark.startMeasurement()
        for approve in approves {
            blackHole(handled(&plant, approve, as: "planner"))
        }
        benchmark.stopMeasurement()
    }

    Listing.register()
}
