import Foundation
import OMSClient
import OMSProto
import OMSWire
import SwiftProtobuf
import Testing

/// The stock ledger (InventoryService/Ledger), against the real omsd and its
/// real PostgreSQL, as a plant manager would check it:
///
/// - Receipts (purchase with an expected receipt, a transfer arrival, two
///   lines on one item in one receipt), counts (one that changes on hand, one
///   that confirms it: a movement of 0), scrap, damage, reserve + consume
///   (partial, and two lines at once), plus bookings that are not movements
///   (expected receipt, reserve, release), and 100 receipts and damages
///   racing on one item so they share commits.
/// - Every movement the daemon acknowledged is in the ledger exactly once,
///   visible as soon as it was acknowledged, with the kind, sign, quantity,
///   unit, on_hand_after, actor, time and references of its reply, and
///   nothing else is. Per (item, location) the on_hand_after column is a
///   running balance of the quantities, it ends at on hand from
///   Availability, and it matches figures worked out by hand.
/// - Filters select exactly what they say; pages of any size walk the
///   ledger without gaps or duplicates; bad requests get clear statuses.
/// - After SIGKILL and a restart the ledger is identical and goes on.
@Suite("Stock ledger", .serialized)
struct StockLedgerTests {
    static let plant = "P1"
    static let clerk = "clerk-1"
    static let arrivingTransfer = "P9-T1"

    static func start(reusing previous: DaemonProcess? = nil) async throws -> (DaemonProcess, OMSClient, String) {
        let path = NSTemporaryDirectory() + "omsd-ledger-tokens-\(UUID().uuidString.prefix(8)).txt"
        try "tok-clerk \(clerk)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try await DaemonProcess.start(reusing: previous, extraArguments: ["--auth-token-file", path])
        let client = try await OMSClient.connect(to: daemon.unix, options: ConnectionOptions(authToken: "tok-clerk"))
        return (daemon, client, path)
    }

    /// Books through `body` and checks at once that each acknowledged movement
    /// is in the ledger (read-your-writes).
    static func book(
        _ client: OMSClient, _ booked: inout [Oms_V1_StockMovement], _ body: () async throws -> [Oms_V1_StockMovement]
    ) async throws {
        let movements = try await body()
        booked += movements
        for place in Set(movements.map { [$0.itemID, $0.locationID] }) {
            let visible = try await client.ledger(plant: plant, item: place[0], location: place[1])
            let acknowledged = movements.filter { [$0.itemID, $0.locationID] == place }.map(\.movementID)
            #expect(visible.suffix(acknowledged.count).map(\.movementID) == acknowledged, "acknowledged \(acknowledged) are the newest")
        }
    }

    // MARK: - The bookings

    static func bookEverything(_ client: OMSClient) async throws -> (booked: [Oms_V1_StockMovement], reservations: [String]) {
        var booked: [Oms_V1_StockMovement] = []
        var expect = Oms_V1_ExpectReceiptRequest()
        expect.plantID = plant
        expect.expectedReceiptID = "ER-1"
        expect.itemID = "NUT"
        expect.quantity = "100"
        expect.expectedAt = Google_Protobuf_Timestamp(date: Date().addingTimeInterval(3_600))
        expect.kind = .purchase
        let _: Oms_V1_ExpectReceiptResponse = try await client.unary("oms.v1.InventoryService/ExpectReceipt", expect)

        try await book(client, &booked) {
            try await client.receive(
                plant: plant, lines: [("BOLT", "A", "10"), ("BOLT", "A", "2.5"), ("NUT", "", "100")],
                expected: "ER-1", reference: "PO-1"
            ).movements
        }
        // A transfer from plant P9 arrives at location B (its TRANSFER_OUT is P9's, not P1's).
        _ = try await client.receive(plant: "P9", item: "BOLT", quantity: "5")
        var ship = Oms_V1_TransferStockRequest()
        ship.fromPlantID = "P9"
        ship.toPlantID = plant
        ship.toLocationID = "B"
        ship.lines = [Oms_V1_StockLine.with { $0.itemID = "BOLT"; $0.quantity = "5" }]
        let shipped: Oms_V1_TransferStockResponse = try await client.unary("oms.v1.InventoryService/Transfer", ship)
        #expect(shipped.transfer.transferID == arrivingTransfer)
        try await book(client, &booked) {
            try await client.receive(plant: plant, lines: [("BOLT", "B", "5")], kind: .transfer, transfer: arrivingTransfer).movements
        }
        try await book(client, &booked) {
            [try await client.adjust(plant: plant, item: "BOLT", location: "A", counted: "12", reason: .count, text: "cycle count").movement]
        }
        try await book(client, &booked) {
            [try await client.adjust(plant: plant, item: "BOLT", location: "A", counted: "12", reason: .count, text: "recount").movement]
        }
        try await book(client, &booked) {
            [try await client.adjust(plant: plant, item: "BOLT", location: "A", delta: "-1", reason: .scrap, text: "rust").movement]
        }
        try await book(client, &booked) {
            [try await client.adjust(plant: plant, item: "NUT", delta: "-0.25", reason: .damage, text: "dropped").movement]
        }
        let pick = try await client.reserve(plant: plant, lines: [("BOLT", "A", "4")], reference: "pick-1")
        try await book(client, &booked) {
            try await client.consume(pick.reservationID, lines: [("BOLT", "A", "3")], reference: "SHIP-1", reason: "shipment").movements
        }
        try await client.release(pick.reservationID)
        let kit = try await client.reserve(plant: plant, lines: [("NUT", "", "10"), ("BOLT", "B", "1")], reference: "kit-7")
        try await book(client, &booked) {
            try await client.consume(kit.reservationID, reference: "PRD-7", reason: "kitting").movements
        }

        // Racing bookings on one item: the daemon commits them in shared batches.
        try await book(client, &booked) {
            try await client.receive(plant: plant, lines: [("OIL", "", "100")], reference: "PO-OIL").movements
        }
        let raced = try await withThrowingTaskGroup(of: Oms_V1_StockMovement.self) { group in
            for number in 0..<100 {
                group.addTask {
                    if number % 2 == 0 {
                        return try await client.receive(plant: plant, lines: [("OIL", "", "1.5")], reference: "PO-OIL-\(number)").movements[0]
                    }
                    return try await client.adjust(plant: plant, item: "OIL", delta: "-0.5", reason: .damage, text: "leak \(number)").movement
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        booked += raced
        return (booked, [pick.reservationID, kit.reservationID])
    }

    // MARK: - The test

    @Test func everyMovementOnceWithRunningBalancesFiltersPagesAndRestart() async throws {
        var (daemon, client, tokens) = try await Self.start()
        defer { try? FileManager.default.removeItem(atPath: tokens) }
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }

        let (booked, reservations) = try await Self.bookEverything(client)
        let ledger = try await client.ledger(plant: Self.plant)

        // Every acknowledged movement once, nothing else.
        #expect(ledger.count == booked.count)
        #expect(Set(ledger.map(\.movementID)).count == ledger.count, "no movement twice")
        #expect(Set(ledger.map(\.movementID)) == Set(booked.map(\.movementID)))

        // As acknowledged: kind, sign, figures, who, when, what for.
        let byID = Dictionary(uniqueKeysWithValues: ledger.map { ($0.movementID, $0) })
        for reply in booked {
            guard let row = byID[reply.movementID] else { continue }
            #expect(row.kind == reply.kind, "\(reply.movementID) kind")
            #expect(row.plantID == Self.plant && row.itemID == reply.itemID && row.locationID == reply.locationID)
            #expect(LedgerChecks.micros(row.quantity) == LedgerChecks.micros(reply.quantity), "\(reply.movementID): \(row.quantity) vs \(reply.quantity)")
            #expect(LedgerChecks.micros(row.onHandAfter) == LedgerChecks.micros(reply.onHandAfter),
                    "\(reply.movementID) on_hand_after \(row.onHandAfter), acknowledged \(reply.onHandAfter)")
            #expect(row.unit == reply.unit)
            #expect(row.actor == Self.clerk)
            #expect(row.time == LedgerChecks.toMicrosecond(reply.time), "\(reply.movementID) time")
            #expect(row.reason == reply.reason && row.reference == reply.reference && row.reservationID == reply.reservationID)
            #expect(row.transferID == reply.transferID && row.expectedReceiptID == reply.expectedReceiptID)
            #expect(row.sequence > 0)
        }
        // Signs: receipts in, issues out, whatever the replies said.
        for row in ledger {
            let sign = (LedgerChecks.micros(row.quantity) ?? 0).signum()
            switch row.kind {
            case .receipt, .transferIn: #expect(sign == 1, "\(row.movementID)")
            case .issue, .scrap: #expect(sign == -1, "\(row.movementID)")
            default: break
            }
        }
        // Oldest first; one event's lines in their order.
        #expect(ledger.map(\.sequence) == ledger.map(\.sequence).sorted())
        let receipt = ledger.filter { $0.reference == "PO-1" }
        #expect(receipt.map(\.quantity) == ["10", "2.5", "100"] && Set(receipt.map(\.sequence)).count == 1)

        // Figures worked out by hand.
        let boltA = ledger.filter { $0.itemID == "BOLT" && $0.locationID == "A" }
        #expect(boltA.map(\.kind) == [.receipt, .receipt, .adjustment, .adjustment, .scrap, .issue])
        #expect(boltA.map(\.quantity) == ["10", "2.5", "-0.5", "0", "-1", "-3"])
        #expect(boltA.map(\.onHandAfter) == ["10", "12.5", "12", "12", "11", "8"])
        let boltB = ledger.filter { $0.itemID == "BOLT" && $0.locationID == "B" }
        #expect(boltB.map(\.kind) == [.transferIn, .issue] && boltB.map(\.onHandAfter) == ["5", "4"])
        #expect(ledger.filter { $0.itemID == "NUT" }.map(\.onHandAfter) == ["100", "99.75", "89.75"])
        #expect(ledger.filter { $0.itemID == "OIL" }.last?.onHandAfter == "150", "100 + 50 x 1.5 - 50 x 0.5")

        // A running balance per (item, location) that ends at on hand.
        #expect(LedgerChecks.runningBalanceProblems(ledger) == [])
        for (place, sum) in LedgerChecks.sums(ledger) {
            let parts = place.split(separator: "@").map(String.init)
            let onHand = try await client.onHand(plant: Self.plant, item: parts[0], location: parts.count > 1 ? parts[1] : "")
            #expect(LedgerChecks.micros(onHand) == sum, "\(place): Availability says \(onHand)")
        }
        #expect(try await LedgerChecks.tableMismatches(daemon, plant: Self.plant) == 0, "stock = sum of stock_movements in SQL")

        try await Self.checkFilters(client, ledger: ledger, reservations: reservations)
        try await Self.checkPaging(client, ledger: ledger)
        try await Self.checkBadInput(client)

        // SIGKILL: the same ledger after the restart, and it goes on from there.
        client.close()
        await daemon.kill()
        try? FileManager.default.removeItem(atPath: tokens)
        (daemon, client, tokens) = try await Self.start(reusing: daemon)
        #expect(try await client.ledger(plant: Self.plant) == ledger, "identical after SIGKILL and restart")
        let after = try await client.adjust(plant: Self.plant, item: "BOLT", location: "A", delta: "2", reason: .found, text: "found")
        let continued = try await client.ledger(plant: Self.plant, item: "BOLT", location: "A")
        #expect(continued.count == boltA.count + 1 && continued.last?.movementID == after.movement.movementID)
        #expect(continued.last?.onHandAfter == "10" && continued.last?.kind == .adjustment)
        client.close()
        #expect(await daemon.terminate() == 0)
        stopped = true
    }

    // MARK: - Filters

    static func checkFilters(_ client: OMSClient, ledger: [Oms_V1_StockMovement], reservations: [String]) async throws {
        func expectSame(
            _ got: [Oms_V1_StockMovement], _ predicate: (Oms_V1_StockMovement) -> Bool, _ what: String
        ) {
            let wanted = ledger.filter(predicate)
            #expect(!wanted.isEmpty && wanted.count < ledger.count, "\(what): the test selects some, not all")
            #expect(got == wanted, "\(what): \(got.count) movements, expected \(wanted.count)")
        }
        expectSame(try await client.ledger(plant: plant, item: "BOLT"), { $0.itemID == "BOLT" }, "item")
        expectSame(try await client.ledger(plant: plant, location: "B"), { $0.locationID == "B" }, "location")
        expectSame(
            try await client.ledger(plant: plant, item: "BOLT", location: "A"), { $0.itemID == "BOLT" && $0.locationID == "A" },
            "item and location")
        expectSame(try await client.ledger(plant: plant, kinds: [.scrap]), { $0.kind == .scrap }, "scrap")
        expectSame(
            try await client.ledger(plant: plant, kinds: [.receipt, .transferIn]), { [.receipt, .transferIn].contains($0.kind) },
            "receipts")
        expectSame(
            try await client.ledger(plant: plant, item: "OIL", kinds: [.adjustment]), { $0.itemID == "OIL" && $0.kind == .adjustment },
            "item and kind")
        expectSame(try await client.ledger(plant: plant, reference: "SHIP-1"), { $0.reference == "SHIP-1" }, "reference")
        expectSame(
            try await client.ledger(plant: plant, reference: Self.arrivingTransfer), { $0.transferID == Self.arrivingTransfer },
            "transfer id")
        expectSame(try await client.ledger(plant: plant, reference: "ER-1"), { $0.expectedReceiptID == "ER-1" }, "expected receipt id")
        for reservation in reservations {
            expectSame(try await client.ledger(plant: plant, reference: reservation), { $0.reservationID == reservation }, reservation)
        }
        #expect(try await client.ledger(plant: plant, kinds: [.transferOut]).isEmpty)
        #expect(try await client.ledger(plant: plant, reference: "nothing-like-this").isEmpty)

        // [since, until): bounds taken from the ledger's own times.
        let since = ledger[5].time
        let until = ledger[ledger.count - 10].time
        var request = Oms_V1_StockLedgerRequest()
        request.plantID = plant
        request.pageSize = 7
        request.since = since
        request.until = until
        let micros = LedgerChecks.timeMicros
        expectSame(try await client.ledger(request).movements, { micros($0.time) >= micros(since) && micros($0.time) < micros(until) }, "since and until")
        request.clearUntil()
        expectSame(try await client.ledger(request).movements, { micros($0.time) >= micros(since) }, "since")
        request.clearSince()
        request.until = until
        expectSame(try await client.ledger(request).movements, { micros($0.time) < micros(until) }, "until")
        request.since = until
        #expect(try await client.ledger(request).movements.isEmpty, "an empty interval")
    }

    // MARK: - Paging

    static func checkPaging(_ client: OMSClient, ledger: [Oms_V1_StockMovement]) async throws {
        #expect(ledger.count > 100, "enough movements to see the default page size")
        for size in [1, 3, 7, 100] {
            var request = Oms_V1_StockLedgerRequest()
            request.plantID = plant
            request.pageSize = UInt32(size)
            let walked = try await client.ledger(request)
            #expect(walked.movements == ledger, "pages of \(size): the whole ledger in order")
            #expect(walked.pages.dropLast().allSatisfy { $0 == size }, "pages of \(size) are full but the last")
            #expect(walked.pages.count == (ledger.count + size - 1) / size, "no empty last page")
        }
        var request = Oms_V1_StockLedgerRequest()
        request.plantID = plant
        let first = try await client.ledgerPage(request)
        #expect(first.movements.count == 100 && !first.nextPageToken.isEmpty, "page_size 0 = 100")
        request.pageToken = first.nextPageToken
        let second = try await client.ledgerPage(request)
        #expect(second.movements == Array(ledger.dropFirst(100).prefix(100)), "the token goes on where the page ended")
        // A filter with paging.
        request = Oms_V1_StockLedgerRequest()
        request.plantID = plant
        request.itemID = "BOLT"
        request.pageSize = 2
        #expect(try await client.ledger(request).movements == ledger.filter { $0.itemID == "BOLT" })
    }

    // MARK: - Bad input

    static func checkBadInput(_ client: OMSClient) async throws {
        func refused(_ request: Oms_V1_StockLedgerRequest) async -> RPCError? {
            await #expect(throws: RPCError.self) { _ = try await client.ledgerPage(request) }
        }
        func field(_ error: RPCError?) -> String? {
            error?.details.compactMap { if case .fieldViolation(let violation)? = $0.kind { violation.field } else { nil } }.first
        }
        var request = Oms_V1_StockLedgerRequest()
        var error = await refused(request)
        #expect(error?.code == .invalidArgument && field(error) == "plant_id", "missing plant: \(String(describing: error))")
        request.plantID = "P 1"
        error = await refused(request)
        #expect(error?.code == .invalidArgument && field(error) == "plant_id")

        request.plantID = plant
        for token in ["not a token", Data("G1|P1|seven|0".utf8).base64EncodedString(), Data("L1|1|2|x".utf8).base64EncodedString()] {
            request.pageToken = token
            error = await refused(request)
            #expect(error?.code == .invalidArgument && field(error) == "page_token", "token \(token): \(String(describing: error))")
        }
        // Another plant's token.
        request.pageToken = Data("G1|P2|1|0".utf8).base64EncodedString()
        error = await refused(request)
        #expect(error?.code == .invalidArgument && field(error) == "page_token")

        request.pageToken = ""
        request.kinds = [.unspecified]
        error = await refused(request)
        #expect(error?.code == .invalidArgument && field(error) == "kinds[0]")
        request.kinds = [.receipt, .UNRECOGNIZED(42)]
        error = await refused(request)
        #expect(error?.code == .invalidArgument && field(error) == "kinds[1]")

        request.kinds = []
        request.since = Google_Protobuf_Timestamp(seconds: 2_000_000_000)
        request.until = Google_Protobuf_Timestamp(seconds: 1_000_000_000)
        error = await refused(request)
        #expect(error?.code == .invalidArgument && field(error) == "until")

        // A plant with no stock yet has an empty ledger, like its figures.
        #expect(try await client.ledger(plant: "NO-SUCH-PLANT").isEmpty)
    }
}
