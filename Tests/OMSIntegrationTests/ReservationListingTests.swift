import Foundation
import OMSClient
import OMSProto
import OMSWire
import Testing

/// ListReservations against the real daemon, across plants: every page
/// token followed to the end yields each matching reservation once, plant by
/// plant in id order and oldest first within a plant, for ACTIVE (the
/// default) and for other states; a token that is not one is refused.
@Suite("ListReservations across plants", .serialized)
struct ReservationListingTests {
    /// Every page of `request` at `pageSize`, followed by its tokens: the ids, and how many calls it took.
    static func everyPage(_ client: OMSClient, _ request: Oms_V1_ListReservationsRequest, pageSize: UInt32)
        async throws -> (ids: [String], calls: Int)
    {
        var request = request
        request.pageSize = pageSize
        var ids: [String] = []
        var calls = 0
        repeat {
            let page: Oms_V1_ListReservationsResponse = try await client.unary(
                "oms.v1.InventoryService/ListReservations", request)
            calls += 1
            #expect(page.reservations.count <= Int(pageSize))
            ids += page.reservations.map(\.reservationID)
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty && calls < 100
        return (ids, calls)
    }

    @Test func pagesCoverEveryPlantInOrder() async throws {
        let daemon = try await DaemonProcess.start()
        let client = try await OMSClient.connect(to: daemon.unix)
        // P10 sorts before P2: plants go in id order, not by their numbers.
        var made: [String: [String]] = [:]
        for plant in ["P2", "P10", "P3"] {
            _ = try await client.receive(plant: plant, item: "BOLT", quantity: "100")
            for index in 1...4 {
                let reservation = try await client.reserve(
                    plant: plant, item: "BOLT", quantity: "1", key: "\(plant)-pick-\(index)")
                made[plant, default: []].append(reservation.reservationID)
            }
        }
        // P3 has none ACTIVE left; P2 has one released.
        for id in made["P3"] ?? [] { try await client.release(id) }
        let releasedInP2 = try #require(made["P2"]?[1])
        try await client.release(releasedInP2)

        let active = (made["P10"] ?? []) + (made["P2"] ?? []).filter { $0 != releasedInP2 }
        for pageSize: UInt32 in [1, 2, 3, 7, 100] {
            let listed = try await Self.everyPage(client, Oms_V1_ListReservationsRequest(), pageSize: pageSize)
            #expect(listed.ids == active, "page size \(pageSize)")
            #expect(listed.calls <= active.count / Int(pageSize) + 2, "page size \(pageSize): \(listed.calls) calls")
        }
        let released = try await Self.everyPage(client, .with { $0.states = [.released] }, pageSize: 2)
        #expect(released.ids == [releasedInP2] + (made["P3"] ?? []))
        let onePlant = try await Self.everyPage(client, .with { $0.plantID = "P3"; $0.states = [.released] }, pageSize: 3)
        #expect(onePlant.ids == made["P3"] ?? [])

        let refused = await #expect(throws: RPCError.self) {
            let _: Oms_V1_ListReservationsResponse = try await client.unary(
                "oms.v1.InventoryService/ListReservations", Oms_V1_ListReservationsRequest.with { $0.pageToken = "P2" })
        }
        #expect(refused?.code == .invalidArgument)
        client.close()
        #expect(await daemon.terminate() == 0)
    }
}
