import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// SplitMix64: a small seeded generator, so a failure replays exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct InventoryPropertyTests {
    static let items = ["a", "b", "c"]
    static let locations = ["", "L2"]
    static let principals = ["wms-1", "wms-2"]

    struct Stats {
        var ok: [String: Int] = [:]
        var refused: [DomainError.Code: Int] = [:]
    }

    @Test(arguments: [UInt64(1), 2, 20_251_126])
    func randomCommandsNeverOverbookAndReplayToTheSameState(seed: UInt64) async throws {
        var rng = SeededGenerator(state: seed)
        var h = Harness(defaultHold: 300)
        var movements: [StockKey: Quantity] = [:]  // the test's own ledger, from the events
        var stats = Stats()

        func quantity(_ maxUnits: Int64) -> String {
            let micros = Int64.random(in: 1...(maxUnits * 1_000_000), using: &rng)
            // Mostly whole or tenths, sometimes micro-precision.
            let rounded = Bool.random(using: &rng) ? micros / 100_000 * 100_000 : micros
            return Quantity(micros: Swift.max(rounded, 1)).description
        }
        func key() -> (String, String) {
            (Self.items.randomElement(using: &rng) ?? "a", Self.locations.randomElement(using: &rng) ?? "")
        }

        for step in 0..<1_500 {
            // Long and CPU-bound: let the other suites' tasks run (the pool has one thread per core).
            if step % 50 == 0 { await Task.yield() }
            let principal = Self.principals.randomElement(using: &rng) ?? ""
            var idempotencyKey = ""
            let command: InventoryCommand
            let ids = h.state.reservations.keys.sorted()
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<18:
                let (item, location) = key()
                command = H.receive(H.line(item, quantity(20), at: location, unit: "pcs"))
            case 18..<48:
                let lines = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                    let (item, location) = key()
                    return H.line(item, quantity(8), at: location)
                }
                var request = H.reserveRequest(lines, reference: "pick-\(step % 7)")
                // Owners of every kind, for the listing's owner filters.
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: request.orderLine = .with { $0.orderID = "P1-O\(step % 5)"; $0.lineID = "10" }
                case 1: request.productionOrderID = "P1-W\(step % 3)"
                default: break
                }
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    request.expiresAt = .init(date: h.now.addingTimeInterval(Double(Int.random(in: 1...600, using: &rng))))
                } else if Bool.random(using: &rng) {
                    request.firm = true
                }
                if Int.random(in: 0..<4, using: &rng) == 0 { idempotencyKey = "k\(Int.random(in: 0..<40, using: &rng))" }
                command = .reserve(request)
            case 48..<63, 63..<78:
                let id = ids.randomElement(using: &rng) ?? "P1-R1"
                let partial = Bool.random(using: &rng)
                let lines: [Oms_V1_StockLine] = partial
                    ? (h.state.reservations[id]?.lines.prefix(1).map {
                        H.line($0.key.itemID, quantity(4), at: $0.key.locationID)
                    } ?? [])
                    : []
                var release = Oms_V1_ReleaseReservationRequest()
                release.reservationID = id
                release.lines = lines
                var consume = Oms_V1_ConsumeReservationRequest()
                consume.reservationID = id
                consume.lines = lines
                command = Bool.random(using: &rng) ? .release(release) : .consume(consume)
            case 78..<90:
                let (item, location) = key()
                command = Bool.random(using: &rng)
                    ? H.adjust(item, delta: (Bool.random(using: &rng) ? "-" : "") + quantity(6), at: location)
                    : H.adjust(item, counted: quantity(30), at: location, reason: .count)
            default:
                h.now.addTimeInterval(Double(Int.random(in: 1...120, using: &rng)))
                let expired = h.state.expire(now: h.now)
                h.commit(expired)
                stats.ok["expire", default: 0] += expired.count
                try check(h, movements, step: step)
                continue
            }

            do throws(DomainError) {
                let (events, reply) = try h.runWithEvents(command, as: principal, key: idempotencyKey)
                stats.ok["\(command)".prefix(while: { $0 != "(" }).description, default: 0] += 1
                for event in events { book(event, into: &movements) }
                if let reservation = reply.reservation {
                    // The reply shows what the state holds after the events.
                    #expect(h.state.reservation(id: reservation.reservationID) == reservation)
                }
            } catch {
                stats.refused[error.code, default: 0] += 1
            }
            try check(h, movements, step: step)
            if step % 100 == 99 { ListingCheck.expectPagesMatchAScan(h.state, step: step) }
            if step % 500 == 499 {
                #expect(try h.replayed() == h.state, "replay differs at step \(step)")
                // A snapshot, through its bytes, restores exactly the same state.
                let bytes: [UInt8] = try h.state.snapshot().serializedBytes()
                #expect(InventoryState(snapshot: try Oms_Journal_V1_InventorySnapshot(serializedBytes: bytes)) == h.state,
                        "snapshot round trip differs at step \(step)")
            }
        }

        #expect(try h.replayed() == h.state)
        // The run exercised every path, successes and refusals.
        for kind in ["receive", "reserve", "release", "consume", "adjust", "expire"] {
            #expect((stats.ok[kind] ?? 0) > 20, "too few \(kind): \(stats.ok)")
        }
        #expect((stats.refused[.failedPrecondition] ?? 0) > 50, "\(stats.refused)")
        #expect((stats.refused[.permissionDenied] ?? 0) > 10, "\(stats.refused)")
    }

    /// Movements of on-hand stock an event books.
    func book(_ event: Oms_Journal_V1_InventoryEvent, into movements: inout [StockKey: Quantity]) {
        func add(_ item: String, _ location: String, _ micros: Int64) {
            movements[StockKey(itemID: item, locationID: location), default: .zero] =
                movements[StockKey(itemID: item, locationID: location), default: .zero] + Quantity(micros: micros)
        }
        switch event.event {
        case .stockReceived(let e)?: for l in e.lines { add(l.itemID, l.locationID, l.quantityMicros) }
        case .reservationConsumed(let e)?: for l in e.lines { add(l.itemID, l.locationID, -l.quantityMicros) }
        case .stockAdjusted(let e)?: add(e.itemID, e.locationID, e.deltaMicros)
        default: break
        }
    }

    /// The invariants after every step.
    func check(_ h: Harness, _ movements: [StockKey: Quantity], step: Int) throws {
        var held: [StockKey: Quantity] = [:]
        for reservation in h.state.reservations.keys.compactMap({ h.state.reservation(id: $0) })
        where reservation.state == .active {
            for line in reservation.lines {
                let key = StockKey(itemID: line.itemID, locationID: line.locationID)
                held[key, default: .zero] = held[key, default: .zero] + (Quantity(line.quantityOpen) ?? .max)
            }
        }
        for item in Self.items {
            for location in Self.locations {
                let key = StockKey(itemID: item, locationID: location)
                let figures = h.state.figures(key)
                try #require(!figures.reserved.isNegative, "step \(step): reserved < 0 at \(key)")
                try #require(figures.reserved <= figures.onHand, "step \(step): overbooked \(key): \(figures)")
                try #require(!figures.available.isNegative)
                try #require(figures.onHand == movements[key, default: .zero], "step \(step): ledger \(key)")
                try #require(figures.reserved == held[key, default: .zero], "step \(step): reserved \(key)")
            }
        }
    }
}
