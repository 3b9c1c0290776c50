import Foundation
import OMSClient
import OMSProto
import OMSWire
import Testing

/// Reservation ownership with token auth: a WMS principal may not release
/// another's reservation, a principal with role `planner` (from the token
/// file) may.
@Suite("Reservation roles", .serialized)
struct ReservationRoleTests {
    @Test func plannersReleaseEveryonesReservationsOthersOnlyTheirOwn() async throws {
        let path = NSTemporaryDirectory() + "omsd-roles-\(UUID().uuidString.prefix(8)).txt"
        try "# token principal roles\ntok-a wms-a\ntok-b wms-b\ntok-p mrp planner\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let daemon = try await DaemonProcess.start(extraArguments: ["--auth-token-file", path])
        func client(_ token: String) async throws -> OMSClient {
            try await OMSClient.connect(to: daemon.unix, options: ConnectionOptions(authToken: token))
        }
        let a = try await client("tok-a")
        let b = try await client("tok-b")
        let planner = try await client("tok-p")
        defer { [a, b, planner].forEach { $0.close() } }

        _ = try await a.receive(plant: "P1", item: "BOLT", quantity: "10")
        let reservation = try await a.reserve(plant: "P1", item: "BOLT", quantity: "4", key: "pick-1")
        #expect(reservation.reservedBy == "wms-a")

        var release = Oms_V1_ReleaseReservationRequest()
        release.reservationID = reservation.reservationID
        release.reason = "not needed"
        let denied = await #expect(throws: RPCError.self) {
            let _: Oms_V1_ReleaseReservationResponse = try await b.unary("oms.v1.InventoryService/Release", release)
        }
        #expect(denied?.code == .permissionDenied)
        #expect(try await a.balance(plant: "P1", item: "BOLT").reserved == "4", "nothing released")

        let released: Oms_V1_ReleaseReservationResponse = try await planner.unary(
            "oms.v1.InventoryService/Release", release)
        #expect(released.reservation.state == .released)
        #expect(try await a.balance(plant: "P1", item: "BOLT").available == "10")
        #expect(await daemon.terminate() == 0)
    }
}
