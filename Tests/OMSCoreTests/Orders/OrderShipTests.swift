import OMSCore
import OMSProto
import SwiftProtobuf
import Testing

@Suite struct OrderShipTests {
    typealias O = OrderHarness

    /// A book with one COMPLETED order P1-O1: line 10 of 5 A, line 20 of 2.5 B.
    static func completed() throws -> OrderHarness {
        var h = OrderHarness()
        try h.complete(try h.submit())
        return h
    }

    @Test func partialShipmentsKeepCompletedUntilEveryLineIsShipped() throws {
        var h = try Self.completed()
        let first = try h.run(O.ship("P1-O1", reference: "DN-1", ("10", "2"))).order
        #expect(first.state == .completed)
        #expect(first.lines.map(\.quantityShipped) == ["2", "0"])
        #expect(first.lines.map(\.quantityCompleted) == ["5", "2.5"])

        let second = try h.run(O.ship("P1-O1", reference: "DN-2", ("10", "3"), ("20", "2.5"))).order
        #expect(second.state == .shipped)
        #expect(second.lines.map(\.quantityShipped) == ["5", "2.5"])

        let entry = try #require(h.book.history(.with { $0.orderID = "P1-O1" }).entries.last)
        #expect(entry.action == .shipped && entry.previousState == .completed && entry.newState == .shipped)
        #expect(
            entry.changes.map(\.field) == [
                "lines[id=10].quantity_shipped", "lines[id=20].quantity_shipped", "shipment_reference",
            ])
        #expect(entry.changes.first?.previousValue == "2" && entry.changes.first?.newValue == "5")
    }

    @Test func theSameShipmentReferenceAgainIsTheSameShipment() throws {
        var h = try Self.completed()
        let first = try h.run(O.ship("P1-O1", reference: "DN-1", ("10", "2"))).order
        let (events, reply) = try h.runWithEvents(O.ship("P1-O1", reference: "DN-1", ("10", "2.000")))
        #expect(events.isEmpty)
        #expect(reply.order == first)
        #expect(reply.order.lines.first?.quantityShipped == "2", "no double count")

        let error = try h.refused(O.ship("P1-O1", reference: "DN-1", ("10", "3")))
        #expect(error.code == .alreadyExists)
        #expect(error.violatedFields == ["lines[id=10].quantity"])
    }

    @Test func aRetryOfTheFinalShipmentAfterShippedReturnsTheOrder() throws {
        var h = try Self.completed()
        let command = O.ship("P1-O1", reference: "DN-1", ("10", "5"), ("20", "2.5"))
        let shipped = try h.run(command).order
        #expect(shipped.state == .shipped)
        let (events, reply) = try h.runWithEvents(command)
        #expect(events.isEmpty && reply.order == shipped)
    }

    @Test func shippingMoreThanIsLeftIsAShortage() throws {
        var h = try Self.completed()
        try h.run(O.ship("P1-O1", reference: "DN-1", ("10", "4")))
        let error = try h.refused(O.ship("P1-O1", reference: "DN-2", ("10", "1.5")))
        #expect(error.code == .failedPrecondition)
        #expect(error.shortages.first?.item == "A")
        #expect(error.shortages.first?.requested == "1.5" && error.shortages.first?.available == "1")
    }

    @Test func badShipmentsAreNamed() throws {
        var h = try Self.completed()
        var error = try h.refused(O.ship("P1-O1", reference: " ", ("10", "0"), ("10", "1")))
        #expect(error.violatedFields == ["shipment_reference", "lines[0].quantity", "lines[1].line_id"])
        error = try h.refused(O.ship("P1-O1", reference: "DN-1"))
        #expect(error.violatedFields == ["lines"])
        error = try h.refused(O.ship("P1-O1", reference: "DN-1", ("99", "1")))
        #expect(error.code == .invalidArgument && error.violatedFields == ["lines[0].line_id"])
    }

    @Test func shippedAtDefaultsToNowAndIsJournaled() throws {
        var h = try Self.completed()
        let (events, _) = try h.runWithEvents(O.ship("P1-O1", reference: "DN-1", ("10", "1")))
        #expect(events.first?.orderShipped.shippedAt == Google_Protobuf_Timestamp(date: h.now))
    }
}
