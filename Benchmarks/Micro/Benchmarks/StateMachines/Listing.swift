import Benchmark
import OMSCore
import OMSProto

/// ListReservations on a plant holding many ACTIVE reservations, against
/// what it used to do in the same run: look at every reservation and keep
/// the oldest matches (here: filter, sort by number, take the page).
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

    static let orders = 50_000

    /// A plant with `orders` RECEIVED orders of customer ACME from sap-prd,
    /// but for the one in the middle: customer RARE, from rare-src.
    static func orderBook() -> PlantState {
        var plant = PlantState(plantID: Commands.plant)
        do {
            for number in 0..<orders {
                let submit = number == orders / 2
                    ? Commands.submit(number: number, customer: "RARE", source: "rare-src") : Commands.submit(number: number)
                _ = try plant.handle(submit, context: Commands.context("erp"))
            }
        } catch {
            preconditionFailure("refused: \(error)")
        }
        return plant
    }

    /// The baseline: every reservation looked at, the matches sorted by number.
    static func scanned(_ inventory: InventoryState, limit: Int) -> [String] {
        let active = inventory.reservations.values.filter { $0.status == .active }.map {
            (number: InventoryState.number($0.id), id: $0.id)
        }
        return active.sorted { $0.number < $1.number }.prefix(limit).map(\.id)
    }

    /// The baseline for an owner filter: what paging through the plant's
    /// ACTIVE reservations in number order looked at to find the matches
    /// (every one of them, over as many calls as the budget made it).
    static func walkedByState(_ inventory: InventoryState, reference: String) -> [String] {
        inventory.reservationStates.members(after: 0, in: [.active]).compactMap { number in
            let id = "\(inventory.plantID)-R\(number)"
            guard let reservation = inventory.reservations[id], reservation.status == .active,
                case .externalReference(reference)? = reservation.owner
            else { return nil }
            return id
        }
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
        let firstPage = Oms_V1_ListReservationsRequest()
        // The item every reservation holds, in a state none is in: the postings cannot narrow it.
        let noMatch = Oms_V1_ListReservationsRequest.with {
            $0.itemID = "BOLT-M8"
            $0.states = [.released]
        }
        let oneReference = "pick-\(held / 2)"
        let byReference = Oms_V1_ListReservationsRequest.with { $0.externalReference = oneReference }
        Benchmark("Reservations: list a page of 100 of \(held) ACTIVE, walk", configuration: configuration) { _ in
            for _ in 0..<listings { blackHole(plant.inventory.listReservations(firstPage, after: 0, limit: 100)) }
        }
        // Hundreds of milliseconds a scan: one per measured run.
        let once = Benchmark.Configuration(
            metrics: configuration.metrics, tags: ["ops": "1"], warmupIterations: 1, maxDuration: .seconds(4),
            maxIterations: 1_000)
        Benchmark("Reservations: list a page of 100 of \(held) ACTIVE, scan", configuration: once) { _ in
            blackHole(scanned(plant.inventory, limit: 100))
        }
        // A filter no reservation matches that the postings cannot narrow: one call looks at its budget and stops.
        Benchmark("Reservations: list by an item, none in the state asked, among \(held), one call", configuration: configuration) { _ in
            for _ in 0..<listings { blackHole(plant.inventory.listReservations(noMatch, after: 0, limit: 100)) }
        }
        // One reservation of the plant, by its external reference: the owner's postings, against the walk by state.
        Benchmark("Reservations: list by external reference, 1 of \(held), postings", configuration: configuration) { _ in
            for _ in 0..<listings { blackHole(plant.inventory.listReservations(byReference, after: 0, limit: 100)) }
        }
        Benchmark("Reservations: list by external reference, 1 of \(held), walk by state", configuration: once) { _ in
            blackHole(walkedByState(plant.inventory, reference: oneReference))
        }
        // The same for orders: a source no order names (no index serves it); one call looks at its budget of orders.
        let book = orderBook()
        let noSource = Oms_V1_ListOrdersRequest.with { $0.sourceSystem = "NOBODY" }
        Benchmark("Orders: list with no match among \(orders) RECEIVED, one call", configuration: configuration) { _ in
            for _ in 0..<listings { blackHole(try? book.orders.list(noSource, now: Commands.now)) }
        }
        // One customer's only order: its customer's index, against the walk by state that every page of
        // the same List followed before (here the filter on the one source, which no index serves).
        let byCustomer = Oms_V1_ListOrdersRequest.with { $0.customerID = "RARE" }
        Benchmark("Orders: list by customer, 1 of \(orders), customer index", configuration: configuration) { _ in
            for _ in 0..<listings { blackHole(try? book.orders.list(byCustomer, now: Commands.now)) }
        }
        let bySource = Oms_V1_ListOrdersRequest.with { $0.sourceSystem = "rare-src" }
        Benchmark("Orders: list by customer, 1 of \(orders), walk by state", configuration: once) { _ in
            var request = bySource
            repeat {
                let page = try? book.orders.list(request, now: Commands.now)
                blackHole(page)
                request.pageToken = page?.nextPageToken ?? ""
            } while !request.pageToken.isEmpty
        }
    }
}
