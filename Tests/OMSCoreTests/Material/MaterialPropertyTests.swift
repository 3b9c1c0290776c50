import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// Random traffic on one plant: WMS clients receive, reserve (some with an
/// expiry), release and adjust BOLT, ERP connectors submit, approve, amend,
/// expedite and cancel PUMP orders (4 BOLT each), the shop floor issues a
/// lot's material, time passes and reservations expire. After every step:
/// - no (item, location) has more reserved than on hand;
/// - every lot that is still to be made holds at most what it needs, and its
///   recorded shortage is exactly what it still misses;
/// - cancelled and superseded lots hold nothing and show no shortage;
/// - no BOLT is idle while a lot misses BOLT;
/// and the journal replays (and the snapshot restores) to the same plant.
@Suite struct MaterialPropertyTests {
    typealias H = Harness
    typealias O = OrderHarness

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func materialIsNeverPromisedTwiceAndNeverIdleWhileALotMissesIt(seed: UInt64) async throws {
        var generator = SeededGenerator(state: seed)
        var h = try MaterialHarness()
        var orders: [String] = []
        var wmsReservations: [String] = []
        for step in 0..<300 {
            h.now += Double(Int.random(in: 60...1_800, using: &generator))
            do {
                switch Int.random(in: 0..<12, using: &generator) {
                case 0, 1:
                    try h.stock(H.receive(H.line("BOLT", "\(Int.random(in: 1...120, using: &generator))")))
                case 2:
                    var request = H.reserveRequest([H.line("BOLT", "\(Int.random(in: 1...40, using: &generator))")])
                    if Bool.random(using: &generator) {
                        request.expiresAt = Google_Protobuf_Timestamp(
                            date: h.now.addingTimeInterval(Double(Int.random(in: 1...8, using: &generator)) * 3_600))
                    }
                    if case .inventory(.reserve(let reply)) = try h.stock(.reserve(request)).reply {
                        wmsReservations.append(reply.reservation.reservationID)
                    }
                case 3:
                    if let id = wmsReservations.randomElement(using: &generator) { try h.stock(H.release(id)) }
                case 4, 5:
                    let id = try h.approvedOrder(
                        "SO-\(step)",
                        [O.line("10", "PUMP", "\(Int.random(in: 1...30, using: &generator))",
                                dueDay: Int.random(in: 5...30, using: &generator))])
                    orders.append(id)
                case 6:
                    if let id = orders.randomElement(using: &generator) { try h.order(O.cancel(id)) }
                case 7:
                    if let id = orders.randomElement(using: &generator) {
                        let version = try h.order(id).version
                        try h.order(O.amend(
                            id, version: version,
                            lines: [O.line("10", "PUMP", "\(Int.random(in: 1...30, using: &generator))")], h.catalog))
                    }
                case 8:
                    if let id = orders.randomElement(using: &generator) { try h.order(O.expedite(id)) }
                case 9:
                    try h.stock(AvailableToPromiseTests.expect(
                        "PO-\(step)", "BOLT", "\(Int.random(in: 1...80, using: &generator))",
                        inHours: Double(Int.random(in: 1...100, using: &generator)), from: h.now))
                case 10:
                    // The shop floor issues part of a lot's material.
                    let lots = h.state.inventory.reservationsByProductionOrder.values.flatMap { $0 }.sorted()
                    if let id = lots.randomElement(using: &generator) { try h.stock(H.consume(id, H.line("BOLT", "1")), as: "system") }
                default:
                    h.now += 4 * 3_600
                    try h.run(.expireReservations, as: "system")
                }
            } catch is DomainError {
                // Refusals (shortage, an order in the wrong state, an exhausted
                // reservation) are part of the traffic; the invariants must hold anyway.
            }
            try checkInvariants(h, step: step)
            if step % 50 == 49 {
                #expect(try h.replayed() == h.state, "replay differs at step \(step)")
                #expect(PlantState(snapshot: h.state.snapshot()) == h.state, "snapshot differs at step \(step)")
                let bytes = h.state.encodedSnapshot()
                let encoded = try Oms_Journal_V1_PlantSnapshot(serializedBytes: bytes)
                #expect(encoded == h.state.snapshot(), "snapshot encoded in parts differs at step \(step)")
                #expect(try PlantState(encodedSnapshot: bytes) == h.state, "snapshot restored in parts differs at step \(step)")
                await Task.yield()
            }
        }
    }

    private func checkInvariants(_ h: MaterialHarness, step: Int) throws {
        for (item, locations) in h.state.inventory.stock {
            for (location, figures) in locations {
                #expect(figures.reserved <= figures.onHand, "step \(step): \(item)@\(location) reserved above on hand")
            }
        }
        var request = Oms_V1_ListProductionOrdersRequest()
        request.pageSize = 1000
        var someLotShort = false
        for lot in try h.state.orders.listProductionOrders(request).lots {
            let id = lot.productionOrderID
            let live = lot.state != .cancelled && lot.state != .superseded
            let held = h.reservations(of: id).flatMap(\.lines).reduce(Quantity.zero) { $0 + (Quantity($1.quantityOpen) ?? .zero) }
            guard live else {
                #expect(held == .zero, "step \(step): \(id) (\(lot.state)) still holds \(held)")
                #expect(lot.materialShortages.isEmpty, "step \(step): \(id) (\(lot.state)) shows a shortage")
                continue
            }
            let need = (Quantity(lot.quantity) ?? .zero) + (Quantity(lot.quantity) ?? .zero) + (Quantity(lot.quantity) ?? .zero)
                + (Quantity(lot.quantity) ?? .zero)
            let covered = h.covered(id, "BOLT")
            #expect(held <= need, "step \(step): \(id) holds \(held) of BOLT but needs \(need)")
            let missing = need > covered ? need - covered : .zero
            let shown = lot.materialShortages.reduce(Quantity.zero) { $0 + (Quantity($1.quantity) ?? .zero) }
            #expect(shown == missing, "step \(step): \(id) shows \(shown) missing, misses \(missing)")
            if missing > .zero { someLotShort = true }
        }
        if someLotShort {
            #expect(h.available("BOLT") == .zero, "step \(step): BOLT idle while a lot misses it")
        }
    }
}
