import Foundation
import OMSClient
import OMSCore
import OMSEngine
import OMSProto
import OMSServices
import OMSTesting
import OMSWire
import SwiftProtobuf
import Synchronization
import Testing

/// InventoryService/Ledger without PostgreSQL: with no ledger reader the
/// method is not served (UNIMPLEMENTED, not listed by Info); with one, the
/// reader gets the request's filters and one movement more than the page, and
/// the page tokens walk its movements without gaps or repeats.
@Suite("Ledger in-process")
struct LedgerServiceTests {
    /// A plant with no inventory: the ledger tests never book.
    struct NoInventory: InventoryBackend {
        func submit(plant: String, _ command: InventoryCommand, context: CommandContext, reply: @escaping Reply) {
            reply(.failure(.unavailable("no writer in this test")))
        }
        func read<T>(plant: String, _ body: (InventoryState) throws -> T) rethrows -> T? { nil }
        func read<T>(plant: String, _ body: (PlantState) throws -> T) rethrows -> T? { nil }
        var plants: [String] { [] }
    }

    /// 25 movements of plant P1 (three per event); records every query.
    final class FakeLedger: StockLedgerReader {
        let queries = Mutex<[StockLedgerQuery]>([])
        let entries: [StockLedgerEntry] = (0..<25).map { index in
            var movement = Oms_V1_StockMovement()
            movement.movementID = "P1-M\(index + 1)"
            movement.sequence = UInt64(index / 3 + 1)
            return StockLedgerEntry(position: LedgerPosition(sequence: movement.sequence, position: UInt32(index % 3)), movement: movement)
        }

        func movements(_ query: StockLedgerQuery) async throws -> [StockLedgerEntry] {
            queries.withLock { $0.append(query) }
            let after = query.after ?? LedgerPosition(sequence: 0, position: 0)
            return Array(entries.filter { $0.position > after && query.plantID == "P1" }.prefix(query.limit))
        }
    }

    static func ledger(_ client: OMSClient, _ request: Oms_V1_StockLedgerRequest) async throws -> Oms_V1_StockLedgerResponse {
        try await client.unary("oms.v1.InventoryService/Ledger", request)
    }

    @Test func withoutAStoreLedgerIsNotServed() async throws {
        let server = try await TestServer(.inProcess) { $0.register(InventoryService(backend: NoInventory())) }
        let client = try await server.makeClient()
        defer { client.close() }
        var request = Oms_V1_StockLedgerRequest()
        request.plantID = "P1"
        let error = await #expect(throws: RPCError.self) { _ = try await Self.ledger(client, request) }
        #expect(error?.code == .unimplemented)
        let methods = try await client.serverInfo().methods
        #expect(methods.contains("oms.v1.InventoryService/Availability") && !methods.contains("oms.v1.InventoryService/Ledger"))
        await server.stop()
    }

    @Test func theReaderGetsTheFiltersAndTheTokensWalkEveryMovementOnce() async throws {
        let reader = FakeLedger()
        let server = try await TestServer(.inProcess) { $0.register(InventoryService(backend: NoInventory(), ledger: reader)) }
        let client = try await server.makeClient()
        defer { client.close() }

        var request = Oms_V1_StockLedgerRequest()
        request.plantID = "P1"
        request.itemID = "BOLT"
        request.locationID = "A"
        request.kinds = [.scrap, .issue]
        request.reference = "SHIP-1"
        request.since = Google_Protobuf_Timestamp(seconds: 1_700_000_000, nanos: 123_456_789)
        request.until = Google_Protobuf_Timestamp(seconds: 1_800_000_000)
        request.pageSize = 10
        var seen: [String] = []
        var pages: [Int] = []
        repeat {
            let page = try await Self.ledger(client, request)
            seen += page.movements.map(\.movementID)
            pages.append(page.movements.count)
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty && pages.count < 10
        #expect(seen == reader.entries.map(\.movement.movementID), "every movement once, in order")
        #expect(pages == [10, 10, 5])

        let queries = reader.queries.withLock { $0 }
        #expect(queries.count == 3)
        #expect(queries.allSatisfy { $0.limit == 11 && $0.plantID == "P1" && $0.itemID == "BOLT" && $0.locationID == "A" })
        #expect(queries.allSatisfy { $0.kinds == [.scrap, .issue] && $0.reference == "SHIP-1" })
        #expect(queries.allSatisfy { $0.sinceMicros == 1_700_000_000_123_456 && $0.untilMicros == 1_800_000_000_000_000 })
        #expect(queries.map(\.after) == [nil, reader.entries[9].position, reader.entries[19].position])

        // page_size 0 = 100, above 1000 = 1000.
        request = Oms_V1_StockLedgerRequest()
        request.plantID = "P1"
        _ = try await Self.ledger(client, request)
        request.pageSize = 5000
        _ = try await Self.ledger(client, request)
        #expect(reader.queries.withLock { $0.suffix(2).map(\.limit) } == [101, 1001])
        await server.stop()
    }
}
