import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

/// A reservation keeps its times packed; what it reports is exact to the
/// nanosecond, through changes, replay and snapshots.
@Suite struct ReservationRecordTests {
    @Test func timesAreKeptToTheNanosecondThroughChangesReplayAndSnapshot() throws {
        var h = try ReserveTests.stocked()
        h.now = Date(timeIntervalSince1970: 1_800_000_000.123_456)
        let created = Google_Protobuf_Timestamp(date: h.now)
        var request = H.reserveRequest([H.line("bolt", "4")])
        let expires = Google_Protobuf_Timestamp(seconds: 1_800_003_600, nanos: 999_999_999)
        request.expiresAt = expires
        let reply = try h.run(.reserve(request))
        #expect(reply.reservation?.createdAt == created)
        #expect(reply.reservation?.expiresAt == expires)

        h.now = h.now.addingTimeInterval(60.5)
        try h.run(AvailableToPromiseTests.confirm("P1-R1"))
        let record = try #require(h.state.reservations["P1-R1"])
        #expect(record.createdAt == created)
        #expect(record.updatedAt == Google_Protobuf_Timestamp(date: h.now))
        #expect(record.expiresAt == nil, "confirmed without expires_at: firm")
        #expect(try h.replayed() == h.state)
        #expect(InventoryState(snapshot: h.state.snapshot()) == h.state)
    }

    /// Each reservation lives inline in a bucket of the plant's reservation
    /// table, and a plant holds millions: its size is memory per reservation.
    @Test func aReservationTakesAtMost160BytesInItsTable() {
        #expect(MemoryLayout<ReservationRecord>.stride <= 160)
    }
}
