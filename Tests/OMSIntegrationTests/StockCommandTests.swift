import Foundation
import OMSClient
import OMSProto
import OMSStore
import Testing

/// `omsctl stock` as a stores clerk runs it, against the real daemon:
/// receive, an expected receipt and a reservation with an expiry show up in
/// the ATP curve; confirming the reservation takes its return out of the
/// curve and out of `reservation_lines.expires_at`; all of it survives a
/// SIGKILL.
@Suite("omsctl stock", .serialized)
struct StockCommandTests {
    static func omsctl(_ arguments: [String], _ daemon: DaemonProcess) async throws -> CommandProcess {
        try await CommandProcess.run(ImportTests.omsctl(), ["stock"] + arguments + ["--socket", daemon.socketPath, "--output", "json"])
    }

    static func json(_ run: CommandProcess) throws -> [String: Any] {
        #expect(run.status == 0, "omsctl failed: \(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        return try #require(object as? [String: Any])
    }

    /// The ATP points of BOLT up to 100 hours: [(receipts, available_to_promise)].
    static func curve(_ daemon: DaemonProcess) async throws -> [[String]] {
        let shown = try json(try await omsctl(["show", "BOLT", "--plant", "P1", "--horizon", "+100"], daemon))
        let items = try #require(shown["items"] as? [[String: Any]])
        let atp = items.first?["atp"] as? [[String: Any]] ?? []
        return atp.map { [($0["receipts"] as? String) ?? "", ($0["availableToPromise"] as? String) ?? ""] }
    }

    @Test func receiveExpectReserveConfirmAndReadTheCurve() async throws {
        var daemon = try await DaemonProcess.start()
        _ = try Self.json(try await Self.omsctl(["receive", "BOLT:10", "--plant", "P1"], daemon))
        let expected = try Self.json(try await Self.omsctl(["expect", "PO-7/10", "BOLT:5", "--plant", "P1", "--at", "+48"], daemon))
        #expect((expected["expectedReceipt"] as? [String: Any])?["quantityOpen"] as? String == "5")
        let reserved = try Self.json(try await Self.omsctl(
            ["reserve", "BOLT:4", "--plant", "P1", "--reference", "pick-1", "--expires", "+12"], daemon))
        let reservation = try #require((reserved["reservation"] as? [String: Any])?["reservationId"] as? String)

        // Now 6; the reservation may come back at 12 h; the receipt lands at 48 h.
        #expect(try await Self.curve(daemon) == [["0", "6"], ["4", "10"], ["5", "15"]])
        let refused = try await Self.omsctl(["reserve", "BOLT:7", "--plant", "P1", "--reference", "pick-2"], daemon)
        #expect(refused.status != 0 && refused.stderr.contains("FAILED_PRECONDITION"), "\(refused.stderr)")

        _ = try Self.json(try await Self.omsctl(["confirm", reservation], daemon))
        #expect(try await Self.curve(daemon) == [["0", "6"], ["5", "11"]], "a firm reservation does not come back")
        let connectionString = try await daemon.databaseConnectionString()
        let lines = try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            return try connection.execute(
                "SELECT count(*) FROM reservation_lines WHERE shard = 'P1' AND reservation_id = $1 AND expires_at IS NULL",
                [.text(reservation)])
        }
        #expect(lines.int64(row: 0, column: 0) == 1, "the projection shows it firm")

        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon)
        #expect(try await Self.curve(daemon) == [["0", "6"], ["5", "11"]], "the same after a SIGKILL")
        let bad = try await Self.omsctl(["expect", "PO-8", "BOLT:-1", "--plant", "P1", "--at", "+1"], daemon)
        #expect(bad.status != 0 && bad.stderr.contains("INVALID_ARGUMENT"), "\(bad.stderr)")
        #expect(await daemon.terminate() == 0)
    }
}
