import Foundation
import OMSClient
import OMSProto
import OMSStore
import OMSWire
import SwiftProtobuf
import Synchronization
import Testing

/// Scarce stock under a race, a crash and bad input, against the real omsd
/// over its Unix socket and its real PostgreSQL:
///
/// - 50 clients (50 connections, two principals) race to reserve three
///   scarce items (decimal stock) with one- and two-line requests until
///   each has seen every item refused with nothing left. Acknowledged
///   reservations add up to exactly the stock, nothing is overbooked at any
///   time an observer looked, every refusal is FAILED_PRECONDITION with a
///   QuantityShortage per short line, and a refused two-line request
///   reserved nothing.
/// - After SIGKILL and a restart every acknowledged reservation is there as
///   acknowledged, the figures are the same, and on hand equals the sum of
///   the movements in the PostgreSQL journal and the `stock` table.
/// - Zero, negative and malformed quantities, an item never received, a
///   wrong unit and another principal's reservation are each refused with a
///   clear status, and the ledger and journal stay unchanged.
@Suite("Stock race", .serialized)
struct StockRaceTests {
    static let plant = "P1"

    struct Item: Sendable, Hashable {
        var id: String
        var unit: String
    }

    static let bolt = Item(id: "BOLT-M8", unit: "PC")
    static let wire = Item(id: "WIRE-2MM", unit: "M")
    static let sheet = Item(id: "SHEET-1MM", unit: "KG")
    static let items = [bolt, wire, sheet]

    /// Two principals; the daemon maps each token to its principal.
    static let principals = [(token: "tok-wms-a", name: "wms-a"), (token: "tok-wms-b", name: "wms-b")]

    // MARK: - Daemon and calls

    /// Daemon arguments that turn on token auth with the two principals.
    static func authArguments() throws -> [String] {
        let path = NSTemporaryDirectory() + "omsd-it-tokens-\(UUID().uuidString.prefix(8)).txt"
        let text = principals.map { "\($0.token) \($0.name)" }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return ["--auth-token-file", path]
    }

    static func connect(_ daemon: DaemonProcess, token: String) async throws -> OMSClient {
        try await OMSClient.connect(to: daemon.unix, options: ConnectionOptions(authToken: token))
    }

    static func line(_ item: Item, _ quantity: String, unit: String? = nil) -> Oms_V1_StockLine {
        var line = Oms_V1_StockLine()
        line.itemID = item.id
        line.quantity = quantity
        line.unit = unit ?? item.unit
        return line
    }

    static func receiveRequest(_ lines: [Oms_V1_StockLine]) -> Oms_V1_ReceiveStockRequest {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = .purchase
        request.reference = "PO-RACE"
        request.lines = lines
        return request
    }

    static func reserveRequest(_ lines: [Oms_V1_StockLine], reference: String) -> Oms_V1_ReserveStockRequest {
        var request = Oms_V1_ReserveStockRequest()
        request.plantID = plant
        request.externalReference = reference
        request.firm = true  // never expires: the figures must not move on their own
        request.lines = lines
        return request
    }

    static func reserve(_ client: OMSClient, _ request: Oms_V1_ReserveStockRequest) async throws -> Oms_V1_Reservation {
        let response: Oms_V1_ReserveStockResponse = try await client.unary(
            "oms.v1.InventoryService/Reserve", request, options: CallOptions(timeout: .seconds(20)))
        return response.reservation
    }

    /// Figures per item id, summed over the plant's locations.
    static func balances(_ client: OMSClient, _ itemIDs: [String]) async throws -> [String: Oms_V1_StockBalance] {
        var request = Oms_V1_StockAvailabilityRequest()
        request.plantID = plant
        request.itemIds = itemIDs
        let response: Oms_V1_StockAvailabilityResponse = try await client.unary(
            "oms.v1.InventoryService/Availability", request)
        return Dictionary(response.items.map { ($0.balance.itemID, $0.balance) }, uniquingKeysWith: { first, _ in first })
    }

    static func shortages(_ error: RPCError) -> [Oms_V1_QuantityShortage] {
        error.details.compactMap { if case .quantityShortage(let shortage)? = $0.kind { shortage } else { nil } }
    }

    static func fields(_ error: RPCError?) -> [String] {
        (error?.details ?? []).compactMap { if case .fieldViolation(let violation)? = $0.kind { violation.field } else { nil } }
    }

    // MARK: - Exact decimals

    /// Exact micro-units of a decimal string ("37.5" -> 37_500_000). Accepts
    /// PostgreSQL's numeric text, which may carry trailing zeros; nil for
    /// anything else, so a malformed figure fails the comparison.
    static func micros(_ text: String) -> Int64? {
        var rest = Substring(text)
        let negative = rest.hasPrefix("-")
        if negative { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber),
            let whole = Int64(parts[0])
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 6 else { return nil }
        let value = whole * 1_000_000 + (Int64(fraction.padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0)
        return negative ? -value : value
    }

    /// A positive micro-unit count as a decimal string (37_500_000 -> "37.5").
    static func decimal(_ micros: Int64) -> String {
        let whole = micros / 1_000_000
        var fraction = String(micros % 1_000_000)
        guard fraction != "0" else { return String(whole) }
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    // MARK: - The journal in PostgreSQL

    struct JournalTotals: Sendable {
        /// On hand per item: receipts + adjustments - consumptions.
        var onHand: [String: Int64] = [:]
        /// Reserved per item: created - released - consumed - expired.
        var reserved: [String: Int64] = [:]
        /// Inventory events per event_type.
        var eventTypes: [String: Int] = [:]
        /// Rows whose event_type does not name the event in their payload, or that do not decode.
        var mismatched: [String] = []
        var rows = 0
    }

    struct StockRow: Sendable {
        var onHand: Int64?
        var reserved: Int64?
    }

    /// Reads the plant's inventory journal, sums its movements per (item, location),
    /// and reads the `stock` table beside it.
    static func readJournal(_ daemon: DaemonProcess) async throws -> (JournalTotals, [String: StockRow]) {
        let connectionString = try await daemon.databaseConnectionString()
        return try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            let rows = try connection.execute(
                "SELECT event_type, encode(payload, 'hex') FROM journal WHERE shard = $1 AND event_type LIKE 'inventory.%' ORDER BY seq",
                [.text(Self.plant)])
            var totals = JournalTotals()
            for row in 0..<rows.count {
                let type = rows.string(row: row, column: 0) ?? ""
                totals.rows += 1
                totals.eventTypes[type, default: 0] += 1
                guard let event = try? Oms_Journal_V1_InventoryEvent(serializedBytes: Self.bytes(hex: rows.string(row: row, column: 1) ?? "")) else {
                    totals.mismatched.append("row \(row): \(type) does not decode")
                    continue
                }
                // Every key is (item, location); the test only books at the default location "".
                func key(_ item: String, _ location: String) -> String { location.isEmpty ? item : "\(item)@\(location)" }
                // An if-chain rather than a switch: events that move no stock
                // (and event kinds added later) fall through to the last branch.
                let expectedType: String
                if case .stockReceived(let received)? = event.event {
                    expectedType = "inventory.stock_received"
                    for line in received.lines { totals.onHand[key(line.itemID, line.locationID), default: 0] += line.quantityMicros }
                } else if case .reservationCreated(let created)? = event.event {
                    expectedType = "inventory.reservation_created"
                    for line in created.lines { totals.reserved[key(line.itemID, line.locationID), default: 0] += line.quantityMicros }
                } else if case .reservationReleased(let released)? = event.event {
                    expectedType = "inventory.reservation_released"
                    for line in released.lines { totals.reserved[key(line.itemID, line.locationID), default: 0] -= line.quantityMicros }
                } else if case .reservationConsumed(let consumed)? = event.event {
                    expectedType = "inventory.reservation_consumed"
                    for line in consumed.lines {
                        totals.onHand[key(line.itemID, line.locationID), default: 0] -= line.quantityMicros
                        totals.reserved[key(line.itemID, line.locationID), default: 0] -= line.quantityMicros
                    }
                } else if case .reservationExpired(let expired)? = event.event {
                    expectedType = "inventory.reservation_expired"
                    for line in expired.lines { totals.reserved[key(line.itemID, line.locationID), default: 0] -= line.quantityMicros }
                } else if case .stockAdjusted(let adjusted)? = event.event {
                    expectedType = "inventory.stock_adjusted"
                    totals.onHand[key(adjusted.itemID, adjusted.locationID), default: 0] += adjusted.deltaMicros
                } else {
                    // No stock movement; this test books none of these, so the row counts below catch them.
                    expectedType = type
                }
                if type != expectedType { totals.mismatched.append("row \(row): \(type) holds \(expectedType)") }
            }
            let stock = try connection.execute(
                "SELECT item, location, on_hand::text, reserved::text FROM stock WHERE shard = $1", [.text(Self.plant)])
            var table: [String: StockRow] = [:]
            for row in 0..<stock.count {
                let item = stock.string(row: row, column: 0) ?? ""
                let location = stock.string(row: row, column: 1) ?? ""
                table[location.isEmpty ? item : "\(item)@\(location)"] = StockRow(
                    onHand: Self.micros(stock.string(row: row, column: 2) ?? ""),
                    reserved: Self.micros(stock.string(row: row, column: 3) ?? ""))
            }
            return (totals, table)
        }
    }

    static func journalRowCount(_ daemon: DaemonProcess) async throws -> Int64? {
        let connectionString = try await daemon.databaseConnectionString()
        return try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            return try connection.execute("SELECT count(*) FROM journal WHERE shard = $1", [.text(Self.plant)]).int64(row: 0, column: 0)
        }
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for character in hex.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            default: continue
            }
            if let value = high {
                out.append(value << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return out
    }

    // MARK: - The race

    /// What one racing client saw.
    struct ClientOutcome: Sendable {
        /// Acknowledged reservations, as the Reserve response gave them, with the principal that made them.
        var acknowledged: [(reservation: Oms_V1_Reservation, principal: String)] = []
        var shortages = 0
        var refusedMultiLine = 0
        /// Anything that is not an acknowledgement or a well-formed shortage.
        var problems: [String] = []
    }

    final class StopFlag: Sendable {
        private let flag = Mutex(false)
        var isSet: Bool { flag.withLock { $0 } }
        func set() { flag.withLock { $0 = true } }
    }

    /// One client: reserves random quantities (one line, or two lines of
    /// different items) until every item has been refused to it with
    /// available 0. After a shortage showing some stock left, it asks for
    /// exactly that much next, so the race ends only when nothing is left.
    static func race(client: OMSClient, number: Int, principal: String, stock: [String: Int64]) async -> ClientOutcome {
        var outcome = ClientOutcome()
        var exhausted: Set<String> = []
        var exact: [String: Int64] = [:]
        var attempts = 0
        while exhausted.count < items.count {
            attempts += 1
            guard attempts <= 2_000 else {
                outcome.problems.append("client \(number) still had stock to chase after 2000 requests")
                break
            }
            var open = items.filter { !exhausted.contains($0.id) }.shuffled()
            let count = open.count >= 2 && Int.random(in: 0..<3) == 0 ? 2 : 1
            open = Array(open.prefix(count))
            var requested: [String: Int64] = [:]
            let lines = open.map { item in
                let quantity = exact[item.id] ?? Int64.random(in: 1...9) * 1_000_000
                requested[item.id] = quantity
                // The unit is sent on some lines only: empty means the item's unit.
                return line(item, decimal(quantity), unit: Bool.random() ? item.unit : "")
            }
            let request = reserveRequest(lines, reference: "race-\(number)-\(attempts)")
            do {
                let reservation = try await reserve(client, request)
                outcome.acknowledged.append((reservation, principal))
                for item in open { exact[item.id] = nil }
                let got = Dictionary(reservation.lines.map { ($0.itemID, micros($0.quantity) ?? -1) }, uniquingKeysWith: +)
                if got != requested {
                    outcome.problems.append("reservation \(reservation.reservationID) holds \(got), asked \(requested)")
                }
            } catch let error as RPCError {
                guard error.code == .failedPrecondition else {
                    outcome.problems.append("request \(requested): \(error)")
                    continue
                }
                outcome.shortages += 1
                if lines.count > 1 { outcome.refusedMultiLine += 1 }
                let shortages = Self.shortages(error)
                if shortages.isEmpty { outcome.problems.append("shortage without QuantityShortage: \(error)") }
                for shortage in shortages {
                    guard let asked = requested[shortage.item], let unit = items.first(where: { $0.id == shortage.item })?.unit,
                        let available = micros(shortage.available)
                    else {
                        outcome.problems.append("shortage names \(shortage.item), not in request \(requested)")
                        continue
                    }
                    if micros(shortage.requested) != asked || available >= asked || available < 0 || shortage.unit != unit
                        || !shortage.location.isEmpty || available > stock[shortage.item, default: 0]
                    {
                        outcome.problems.append("inconsistent shortage \(shortage) for request \(requested)")
                    }
                    if available == 0 {
                        exhausted.insert(shortage.item)
                        exact[shortage.item] = nil
                    } else {
                        exact[shortage.item] = available
                    }
                }
            } catch {
                outcome.problems.append("request \(requested): \(error)")
            }
        }
        return outcome
    }

    @Test func fiftyClientsNeverOverbookAndEverythingSurvivesSIGKILL() async throws {
        let arguments = try Self.authArguments()
        defer { try? FileManager.default.removeItem(atPath: arguments[1]) }
        var daemon = try await DaemonProcess.start(extraArguments: arguments)
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }
        var admin = try await Self.connect(daemon, token: Self.principals[0].token)

        // Stock: two receipts (decimal quantities) and a damage write-off.
        let _: Oms_V1_ReceiveStockResponse = try await admin.unary(
            "oms.v1.InventoryService/Receive", Self.receiveRequest([Self.line(Self.bolt, "100"), Self.line(Self.wire, "37.5")]))
        let _: Oms_V1_ReceiveStockResponse = try await admin.unary(
            "oms.v1.InventoryService/Receive", Self.receiveRequest([Self.line(Self.sheet, "60")]))
        var adjust = Oms_V1_AdjustStockRequest()
        adjust.plantID = Self.plant
        adjust.itemID = Self.sheet.id
        adjust.delta = "-2.75"
        adjust.reasonCode = .damage
        adjust.reason = "forklift"
        let _: Oms_V1_AdjustStockResponse = try await admin.unary("oms.v1.InventoryService/Adjust", adjust)
        let stock: [String: Int64] = [Self.bolt.id: 100_000_000, Self.wire.id: 37_500_000, Self.sheet.id: 57_250_000]
        let itemIDs = Self.items.map(\.id)
        let setUp = try await Self.balances(admin, itemIDs)
        for id in itemIDs {
            #expect(Self.micros(setUp[id]?.onHand ?? "") == stock[id], "\(id) on hand after set-up: \(String(describing: setUp[id]))")
            #expect(setUp[id]?.reserved == "0")
        }

        // All or nothing, deterministically: one short line refuses the whole request.
        let refused = await #expect(throws: RPCError.self) {
            _ = try await Self.reserve(
                admin, Self.reserveRequest([Self.line(Self.bolt, "1"), Self.line(Self.wire, "1000")], reference: "too-much"))
        }
        #expect(refused?.code == .failedPrecondition)
        let refusedShortages = refused.map(Self.shortages) ?? []
        #expect(refusedShortages.count == 1, "one QuantityShortage, for the short line only: \(refusedShortages)")
        #expect(refusedShortages.first?.item == Self.wire.id)
        #expect(refusedShortages.first?.requested == "1000")
        #expect(refusedShortages.first?.available == "37.5")
        #expect(refusedShortages.first?.unit == "M")
        #expect(try await Self.balances(admin, [Self.bolt.id])[Self.bolt.id]?.reserved == "0", "the good line reserved nothing")

        // The race: 50 connections, and an observer reading the figures while it runs.
        let racing = daemon
        let clients = try await withThrowingTaskGroup(of: (Int, OMSClient).self) { group in
            for number in 0..<50 {
                group.addTask { (number, try await Self.connect(racing, token: Self.principals[number % 2].token)) }
            }
            return try await group.reduce(into: [OMSClient?](repeating: nil, count: 50)) { $0[$1.0] = $1.1 }.compactMap { $0 }
        }
        #expect(clients.count == 50)
        let stop = StopFlag()
        let observerClient = admin
        let observer = Task { () -> (reads: Int, violations: [String]) in
            var reads = 0
            var violations: [String] = []
            while !stop.isSet {
                guard let figures = try? await Self.balances(observerClient, itemIDs) else {
                    violations.append("Availability failed during the race")
                    break
                }
                reads += 1
                if Set(figures.keys) != Set(itemIDs) { violations.append("Availability answered for \(figures.keys.sorted())") }
                for (id, balance) in figures {
                    guard let onHand = Self.micros(balance.onHand), let reserved = Self.micros(balance.reserved),
                        let available = Self.micros(balance.available)
                    else {
                        violations.append("unreadable figures \(balance)")
                        continue
                    }
                    if available < 0 || reserved > onHand || available != onHand - reserved || onHand != stock[id] {
                        violations.append("\(id): on hand \(balance.onHand), reserved \(balance.reserved), available \(balance.available)")
                    }
                }
            }
            return (reads, violations)
        }
        let outcomes = await withTaskGroup(of: ClientOutcome.self) { group in
            for (number, client) in clients.enumerated() {
                let principal = Self.principals[number % 2].name
                group.addTask { await Self.race(client: client, number: number, principal: principal, stock: stock) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        stop.set()
        let observed = await observer.value
        for client in clients { client.close() }

        let problems = outcomes.flatMap(\.problems)
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(5))")
        #expect(observed.violations.isEmpty, "overbooked or inconsistent figures seen: \(observed.violations.prefix(5))")
        #expect(observed.reads > 0, "the observer read the figures during the race")
        let acknowledged = outcomes.flatMap(\.acknowledged)
        #expect(outcomes.map(\.shortages).reduce(0, +) >= 50, "every client ended on shortages")
        #expect(outcomes.map(\.refusedMultiLine).reduce(0, +) > 0, "two-line requests were refused in the race")
        #expect(acknowledged.contains { $0.reservation.lines.count == 2 }, "two-line requests were acknowledged in the race")
        #expect(Set(acknowledged.map(\.reservation.reservationID)).count == acknowledged.count, "each acknowledgement its own reservation")
        #expect(acknowledged.allSatisfy { $0.reservation.reservedBy == $0.principal && $0.reservation.state == .active })

        // Exactly the stock was reserved: every unit, and not one more (a refused
        // two-line request that held its good line would make reserved exceed this sum).
        var reservedByAcks: [String: Int64] = [:]
        for (reservation, _) in acknowledged {
            for line in reservation.lines { reservedByAcks[line.itemID, default: 0] += Self.micros(line.quantity) ?? 0 }
        }
        #expect(reservedByAcks == stock, "acknowledged per item \(reservedByAcks), stock \(stock)")
        let afterRace = try await Self.balances(admin, itemIDs)
        for id in itemIDs {
            #expect(afterRace[id]?.available == "0", "\(id) fully reserved")
            #expect(Self.micros(afterRace[id]?.reserved ?? "") == stock[id], "\(id) reserved == stock")
            #expect(Self.micros(afterRace[id]?.onHand ?? "") == stock[id], "\(id) on hand untouched by reservations")
        }

        // Issue some reserved stock, so the ledger has movements out: one
        // reservation in full, one in part (a decimal quantity).
        var expected = Dictionary(acknowledged.map { ($0.reservation.reservationID, $0.reservation) }, uniquingKeysWith: { first, _ in first })
        let owners = Dictionary(acknowledged.map { ($0.reservation.reservationID, $0.principal) }, uniquingKeysWith: { first, _ in first })
        var consumed: [String: Int64] = [:]
        let toConsume = try #require(acknowledged.first { $0.principal == Self.principals[0].name }?.reservation)
        var consume = Oms_V1_ConsumeReservationRequest()
        consume.reservationID = toConsume.reservationID
        consume.reference = "SHIP-1"
        let full: Oms_V1_ConsumeReservationResponse = try await admin.unary("oms.v1.InventoryService/Consume", consume)
        #expect(full.reservation.state == .consumed)
        #expect(full.movements.count == toConsume.lines.count)
        expected[toConsume.reservationID] = full.reservation
        for line in toConsume.lines { consumed[line.itemID, default: 0] += Self.micros(line.quantity) ?? 0 }

        let toPart = try #require(
            acknowledged.first {
                $0.principal == Self.principals[0].name && $0.reservation.reservationID != toConsume.reservationID
                    && (Self.micros($0.reservation.lines.first?.quantity ?? "") ?? 0) >= 1_000_000
            }?.reservation)
        let partLine = try #require(toPart.lines.first)
        var part = Oms_V1_ConsumeReservationRequest()
        part.reservationID = toPart.reservationID
        part.lines = [Self.line(Self.items.first { $0.id == partLine.itemID } ?? Self.bolt, "0.5")]
        part.reference = "PROD-7"
        let partial: Oms_V1_ConsumeReservationResponse = try await admin.unary("oms.v1.InventoryService/Consume", part)
        #expect(partial.reservation.state == .active)
        #expect(partial.reservation.lines.first?.quantityConsumed == "0.5")
        expected[toPart.reservationID] = partial.reservation
        consumed[partLine.itemID, default: 0] += 500_000

        let beforeKill = try await Self.balances(admin, itemIDs)
        for id in itemIDs {
            let left = stock[id, default: 0] - consumed[id, default: 0]
            #expect(Self.micros(beforeKill[id]?.onHand ?? "") == left, "\(id): consumption lowered on hand")
            #expect(Self.micros(beforeKill[id]?.reserved ?? "") == left, "\(id): and reserved alike")
            #expect(beforeKill[id]?.available == "0")
        }

        // Crash and restart on the same data.
        admin.close()
        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon, extraArguments: arguments)
        admin = try await Self.connect(daemon, token: Self.principals[0].token)
        defer { admin.close() }

        // Every acknowledged reservation, exactly as last acknowledged.
        var differing: [String] = []
        for (id, reservation) in expected.sorted(by: { $0.key < $1.key }) {
            guard let found = try? await admin.reservation(id) else {
                differing.append("\(id) missing")
                continue
            }
            if found.lines != reservation.lines { differing.append("\(id) lines \(found.lines) != \(reservation.lines)") }
            if found != reservation { differing.append("\(id) differs: \(found) != \(reservation)") }
            if found.reservedBy != owners[id] { differing.append("\(id) reserved by \(found.reservedBy), made by \(owners[id] ?? "?")") }
        }
        #expect(differing.isEmpty, "\(differing.count) of \(expected.count) reservations differ: \(differing.prefix(3))")
        let afterRestart = try await Self.balances(admin, itemIDs)
        #expect(afterRestart == beforeKill, "figures survive the crash")

        // The ledger balances: on hand = the sum of the journal's movements, in
        // PostgreSQL, and the stock table and Availability agree.
        let (journal, table) = try await Self.readJournal(daemon)
        #expect(journal.mismatched.isEmpty, "\(journal.mismatched.prefix(3))")
        #expect(journal.eventTypes["inventory.stock_received"] == 2)
        #expect(journal.eventTypes["inventory.stock_adjusted"] == 1)
        #expect(journal.eventTypes["inventory.reservation_consumed"] == 2)
        #expect(
            journal.eventTypes["inventory.reservation_created"] == acknowledged.count,
            "one event per acknowledged reservation; refused requests wrote nothing")
        #expect(journal.rows == 5 + acknowledged.count, "no other inventory events: \(journal.eventTypes)")
        #expect(Set(journal.onHand.keys) == Set(itemIDs), "movements only at the default location: \(journal.onHand.keys.sorted())")
        for id in itemIDs {
            let onHand = Self.micros(afterRestart[id]?.onHand ?? "")
            let reserved = Self.micros(afterRestart[id]?.reserved ?? "")
            #expect(journal.onHand[id] == stock[id, default: 0] - consumed[id, default: 0], "\(id): journal movements")
            #expect(journal.onHand[id] == onHand, "\(id): on hand \(onHand ?? -1) = sum of movements \(journal.onHand[id] ?? -1)")
            #expect(journal.reserved[id] == reserved, "\(id): reserved per the journal")
            #expect(table[id]?.onHand == onHand, "\(id): stock table on hand")
            #expect(table[id]?.reserved == reserved, "\(id): stock table reserved")
        }
        #expect(table.count == itemIDs.count, "one stock row per item: \(table.keys.sorted())")

        stopped = true
        #expect(await daemon.terminate() == 0)
    }

    // MARK: - Bad input

    @Test func badInputIsRefusedClearlyAndBooksNothing() async throws {
        let arguments = try Self.authArguments()
        defer { try? FileManager.default.removeItem(atPath: arguments[1]) }
        let daemon = try await DaemonProcess.start(extraArguments: arguments)
        var stopped = false
        defer { if !stopped { daemon.terminateSync() } }
        let clientA = try await Self.connect(daemon, token: Self.principals[0].token)
        let clientB = try await Self.connect(daemon, token: Self.principals[1].token)
        defer {
            clientA.close()
            clientB.close()
        }
        let never = Item(id: "NEVER-RECEIVED", unit: "PC")
        let itemIDs = [Self.bolt.id, Self.wire.id, never.id]

        let _: Oms_V1_ReceiveStockResponse = try await clientA.unary(
            "oms.v1.InventoryService/Receive", Self.receiveRequest([Self.line(Self.bolt, "50"), Self.line(Self.wire, "12.5")]))
        let held = try await Self.reserve(clientA, Self.reserveRequest([Self.line(Self.bolt, "5")], reference: "a-1"))
        #expect(held.reservedBy == "wms-a")

        let before = try await Self.balances(clientA, itemIDs)
        #expect(before[Self.bolt.id]?.available == "45")
        #expect(before[never.id]?.onHand == "0", "an item never received reports zeros")
        let journalBefore = try #require(try await Self.journalRowCount(daemon))

        /// Each bad Reserve: the code and the field it must name.
        let reserves: [(String, [Oms_V1_StockLine], StatusCode, String)] = [
            ("zero", [Self.line(Self.bolt, "0")], .invalidArgument, "lines[0].quantity"),
            ("negative", [Self.line(Self.bolt, "-3")], .invalidArgument, "lines[0].quantity"),
            ("negative decimal on a second line", [Self.line(Self.bolt, "2"), Self.line(Self.wire, "-0.5")], .invalidArgument, "lines[1].quantity"),
            ("not a number", [Self.line(Self.bolt, "three")], .invalidArgument, "lines[0].quantity"),
            ("more than six decimals", [Self.line(Self.wire, "0.0000001")], .invalidArgument, "lines[0].quantity"),
            // Today the daemon answers NOT_FOUND for an item the plant never
            // received (a typo or a missing receipt, not a shortage), naming the field.
            ("never received", [Self.line(never, "1")], .notFound, "lines[0].item_id"),
            ("wrong unit", [Self.line(Self.bolt, "1", unit: "KG")], .invalidArgument, "lines[0].unit"),
            ("wrong unit on a second line", [Self.line(Self.wire, "1"), Self.line(Self.bolt, "1", unit: "M")], .invalidArgument, "lines[1].unit"),
        ]
        for (name, lines, code, field) in reserves {
            let error = await #expect(throws: RPCError.self, "\(name)") {
                _ = try await Self.reserve(clientA, Self.reserveRequest(lines, reference: "bad-\(name)"))
            }
            #expect(error?.code == code, "\(name): \(String(describing: error))")
            #expect(Self.fields(error).contains(field), "\(name) names \(field): \(Self.fields(error))")
        }

        /// Bad receipts: nothing booked either.
        let receipts: [(String, Oms_V1_StockLine, String)] = [
            ("zero", Self.line(Self.bolt, "0"), "lines[0].quantity"),
            ("negative", Self.line(Self.bolt, "-5"), "lines[0].quantity"),
            ("wrong unit", Self.line(Self.wire, "1", unit: "KG"), "lines[0].unit"),
        ]
        for (name, line, field) in receipts {
            let error = await #expect(throws: RPCError.self, "receive \(name)") {
                let _: Oms_V1_ReceiveStockResponse = try await clientA.unary("oms.v1.InventoryService/Receive", Self.receiveRequest([line]))
            }
            #expect(error?.code == .invalidArgument, "receive \(name): \(String(describing: error))")
            #expect(Self.fields(error).contains(field), "receive \(name) names \(field): \(Self.fields(error))")
        }

        // Another principal's reservation: neither released nor consumed.
        var release = Oms_V1_ReleaseReservationRequest()
        release.reservationID = held.reservationID
        release.reason = "not mine"
        let denied = await #expect(throws: RPCError.self) {
            let _: Oms_V1_ReleaseReservationResponse = try await clientB.unary("oms.v1.InventoryService/Release", release)
        }
        #expect(denied?.code == .permissionDenied, "\(String(describing: denied))")
        var consume = Oms_V1_ConsumeReservationRequest()
        consume.reservationID = held.reservationID
        let deniedConsume = await #expect(throws: RPCError.self) {
            let _: Oms_V1_ConsumeReservationResponse = try await clientB.unary("oms.v1.InventoryService/Consume", consume)
        }
        #expect(deniedConsume?.code == .permissionDenied, "\(String(describing: deniedConsume))")

        // Nothing moved: the figures, the reservation and the journal are as before.
        #expect(try await Self.balances(clientA, itemIDs) == before)
        #expect(try await clientB.reservation(held.reservationID) == held)
        #expect(try await Self.journalRowCount(daemon) == journalBefore, "refusals wrote no journal events")

        // The same calls done right go through: an explicit matching unit, and the owner's release.
        let good = try await Self.reserve(clientA, Self.reserveRequest([Self.line(Self.wire, "0.25", unit: "M")], reference: "a-2"))
        #expect(good.lines.map(\.quantity) == ["0.25"])
        let released: Oms_V1_ReleaseReservationResponse = try await clientA.unary("oms.v1.InventoryService/Release", release)
        #expect(released.reservation.state == .released)
        let after = try await Self.balances(clientA, itemIDs)
        #expect(after[Self.bolt.id]?.available == "50")
        #expect(after[Self.wire.id]?.available == "12.25")
        #expect(try await Self.journalRowCount(daemon) == journalBefore + 2)
        stopped = true
        #expect(await daemon.terminate() == 0)
    }
}
