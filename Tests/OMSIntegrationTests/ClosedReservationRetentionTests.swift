import Foundation
import OMSClient
import OMSProto
import OMSStore
import OMSWire
import Testing

/// The real daemon with a retention of under two seconds: a released
/// reservation is answered while retained; once the plant books anything
/// later than that, it is NOT_FOUND (after a SIGKILL and restart too), its
/// history stays in `reservation_lines`, and an open reservation stays.
@Suite("Closed reservations past retention")
struct ClosedReservationRetentionTests {
    /// 0.0005 h = 1.8 s.
    static let arguments = ["--idempotency-retention-hours", "0.0005"]

    static func expectForgotten(_ id: String, _ client: OMSClient) async {
        let error = await #expect(throws: RPCError.self) { _ = try await client.reservation(id) }
        #expect(error?.code == .notFound)
    }

    @Test func aReleasedReservationIsForgottenAndItsHistoryStays() async throws {
        var daemon = try await DaemonProcess.start(extraArguments: Self.arguments)
        var client = try await OMSClient.connect(to: daemon.unix)
        _ = try await client.receive(plant: "P1", item: "BOLT", quantity: "10")
        let released = try await client.reserve(plant: "P1", item: "BOLT", quantity: "4", key: "closed-1")
        let open = try await client.reserve(plant: "P1", item: "BOLT", quantity: "3", key: "open-1")
        try await client.release(released.reservationID)
        #expect(try await client.reservation(released.reservationID).state == .released, "within retention")

        try await Task.sleep(for: .seconds(2.5))
        _ = try await client.receive(plant: "P1", item: "NUT", quantity: "1")  // an event past the retention
        await Self.expectForgotten(released.reservationID, client)
        #expect(try await client.reservation(open.reservationID).state == .active, "open, however old")
        #expect(try await client.balance(plant: "P1", item: "BOLT").reserved == "3")
        client.close()

        let connectionString = try await daemon.databaseConnectionString()
        let history = try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            return try connection.execute(
                "SELECT status FROM reservation_lines WHERE shard = 'P1' AND reservation_id = $1", [.text(released.reservationID)])
        }
        #expect(history.count == 1 && history.string(row: 0, column: 0) == "RELEASED", "the history stays in SQL")

        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon, extraArguments: Self.arguments)
        client = try await OMSClient.connect(to: daemon.unix)
        await Self.expectForgotten(released.reservationID, client)
        #expect(try await client.reservation(open.reservationID).state == .active)
        client.close()
        #expect(await daemon.terminate() == 0)
    }
}
