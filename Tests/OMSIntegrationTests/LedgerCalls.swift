import Foundation
import OMSClient
import OMSProto
import OMSStore
import OMSWire
import SwiftProtobuf

/// The calls the ledger tests make, spelled once.
extension OMSClient {
    func ledgerPage(_ request: Oms_V1_StockLedgerRequest) async throws -> Oms_V1_StockLedgerResponse {
        try await unary("oms.v1.InventoryService/Ledger", request, options: CallOptions(timeout: .seconds(20)))
    }

    /// Every page of a ledger query: the movements and the size of each page.
    func ledger(_ request: Oms_V1_StockLedgerRequest) async throws -> (movements: [Oms_V1_StockMovement], pages: [Int]) {
        var request = request
        var movements: [Oms_V1_StockMovement] = []
        var pages: [Int] = []
        repeat {
            let page = try await ledgerPage(request)
            movements += page.movements
            pages.append(page.movements.count)
            request.pageToken = page.nextPageToken
            // A token that came back unchanged would loop forever; stop and let the checks fail.
            if pages.count > 10_000 { break }
        } while !request.pageToken.isEmpty
        return (movements, pages)
    }

    func ledger(
        plant: String, item: String = "", location: String = "", kinds: [Oms_V1_MovementKind] = [],
        reference: String = "", pageSize: UInt32 = 1000
    ) async throws -> [Oms_V1_StockMovement] {
        var request = Oms_V1_StockLedgerRequest()
        request.plantID = plant
        request.itemID = item
        request.locationID = location
        request.kinds = kinds
        request.reference = reference
        request.pageSize = pageSize
        return try await ledger(request).movements
    }

    func adjust(
        plant: String, item: String, location: String = "", delta: String? = nil, counted: String? = nil,
        reason: Oms_V1_AdjustmentReason, text: String
    ) async throws -> Oms_V1_AdjustStockResponse {
        var request = Oms_V1_AdjustStockRequest()
        request.plantID = plant
        request.itemID = item
        request.locationID = location
        if let delta { request.delta = delta }
        if let counted { request.countedQuantity = counted }
        request.reasonCode = reason
        request.reason = text
        return try await unary("oms.v1.InventoryService/Adjust", request, options: CallOptions(timeout: .seconds(20)))
    }

    func receive(
        plant: String, lines: [(item: String, location: String, quantity: String)], kind: Oms_V1_ReceiptKind = .purchase,
        transfer: String = "", expected: String = "", reference: String = ""
    ) async throws -> Oms_V1_ReceiveStockResponse {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = kind
        request.transferID = transfer
        request.expectedReceiptID = expected
        request.reference = reference
        request.lines = lines.map { line in
            var stockLine = Oms_V1_StockLine()
            stockLine.itemID = line.item
            stockLine.locationID = line.location
            stockLine.quantity = line.quantity
            return stockLine
        }
        return try await unary("oms.v1.InventoryService/Receive", request, options: CallOptions(timeout: .seconds(20)))
    }

    func reserve(plant: String, lines: [(item: String, location: String, quantity: String)], reference: String) async throws
        -> Oms_V1_Reservation
    {
        var request = Oms_V1_ReserveStockRequest()
        request.plantID = plant
        request.externalReference = reference
        request.firm = true
        request.lines = lines.map { line in
            var stockLine = Oms_V1_StockLine()
            stockLine.itemID = line.item
            stockLine.locationID = line.location
            stockLine.quantity = line.quantity
            return stockLine
        }
        let response: Oms_V1_ReserveStockResponse = try await unary("oms.v1.InventoryService/Reserve", request)
        return response.reservation
    }

    /// Consume: `lines` empty = everything still held.
    func consume(_ reservationID: String, lines: [(item: String, location: String, quantity: String)] = [], reference: String, reason: String)
        async throws -> Oms_V1_ConsumeReservationResponse
    {
        var request = Oms_V1_ConsumeReservationRequest()
        request.reservationID = reservationID
        request.reference = reference
        request.reason = reason
        request.lines = lines.map { line in
            var stockLine = Oms_V1_StockLine()
            stockLine.itemID = line.item
            stockLine.locationID = line.location
            stockLine.quantity = line.quantity
            return stockLine
        }
        return try await unary("oms.v1.InventoryService/Consume", request)
    }

    func release(_ reservationID: String) async throws {
        var request = Oms_V1_ReleaseReservationRequest()
        request.reservationID = reservationID
        request.reason = "rest not needed"
        let _: Oms_V1_ReleaseReservationResponse = try await unary("oms.v1.InventoryService/Release", request)
    }

    func onHand(plant: String, item: String, location: String) async throws -> String {
        var request = Oms_V1_StockAvailabilityRequest()
        request.plantID = plant
        request.itemIds = [item]
        request.locationID = location
        let response: Oms_V1_StockAvailabilityResponse = try await unary("oms.v1.InventoryService/Availability", request)
        return response.items.first?.balance.onHand ?? "none"
    }
}

/// Checks on what the ledger returned.
enum LedgerChecks {
    /// Exact micro-units of a decimal string; nil if it is not one.
    static func micros(_ text: String) -> Int64? { StockRaceTests.micros(text) }

    static func place(_ movement: Oms_V1_StockMovement) -> String {
        movement.locationID.isEmpty ? movement.itemID : "\(movement.itemID)@\(movement.locationID)"
    }

    /// Per (item, location), in ledger order: every on_hand_after is the one
    /// before plus the movement's quantity, from 0. Returns the problems.
    static func runningBalanceProblems(_ movements: [Oms_V1_StockMovement]) -> [String] {
        var balance: [String: Int64] = [:]
        var problems: [String] = []
        for movement in movements {
            guard let quantity = micros(movement.quantity), let after = micros(movement.onHandAfter) else {
                problems.append("\(movement.movementID): unreadable figures \(movement.quantity) / \(movement.onHandAfter)")
                continue
            }
            let expected = balance[place(movement), default: 0] + quantity
            if after != expected {
                problems.append("\(movement.movementID) at \(place(movement)): on_hand_after \(movement.onHandAfter), expected \(expected) micros")
            }
            balance[place(movement)] = after
        }
        return problems
    }

    /// Sum of the movements per (item, location), in micro-units.
    static func sums(_ movements: [Oms_V1_StockMovement]) -> [String: Int64] {
        movements.reduce(into: [:]) { $0[place($1), default: 0] += micros($1.quantity) ?? .min / 2 }
    }

    /// The time the ledger keeps for a movement booked at `time`: to the microsecond.
    static func toMicrosecond(_ time: Google_Protobuf_Timestamp) -> Google_Protobuf_Timestamp {
        Google_Protobuf_Timestamp(seconds: time.seconds, nanos: time.nanos / 1_000 * 1_000)
    }

    static func timeMicros(_ time: Google_Protobuf_Timestamp) -> Int64 {
        time.seconds * 1_000_000 + Int64(time.nanos / 1_000)
    }

    /// Rows of `stock` whose on hand differs from the sum of the plant's `stock_movements`, read in SQL.
    static func tableMismatches(_ daemon: DaemonProcess, plant: String) async throws -> Int64? {
        let connectionString = try await daemon.databaseConnectionString()
        return try await offPool {
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            return try connection.execute(
                """
                SELECT count(*) FROM (SELECT item, location, on_hand FROM stock WHERE shard = $1) AS s
                  FULL JOIN (SELECT item, location, sum(quantity) AS total FROM stock_movements
                              WHERE shard = $1 GROUP BY item, location) AS m USING (item, location)
                 WHERE s.on_hand IS DISTINCT FROM m.total
                """, [.text(plant)]
            ).int64(row: 0, column: 0)
        }
    }
}
