import Foundation
import OMSCore
import OMSProto
import OMSRPC
import OMSWire
import SwiftProtobuf

/// InventoryService/Ledger: checks the request, asks the reader for one
/// movement more than the page holds (so the last page has no token), and
/// hands back the position of the page's last movement as the token.
enum StockLedger {
    static func page(
        _ request: Oms_V1_StockLedgerRequest, reader: any StockLedgerReader
    ) async throws -> Oms_V1_StockLedgerResponse {
        let pageSize = OrderPageToken.pageSize(request.pageSize)
        let entries = try await reader.movements(try query(request))
        let page = entries.prefix(pageSize)
        var response = Oms_V1_StockLedgerResponse()
        response.movements = page.map(\.movement)
        if entries.count > pageSize, let last = page.last {
            response.nextPageToken = LedgerPageToken.encode(plant: request.plantID, after: last.position)
        }
        return response
    }

    static func query(_ request: Oms_V1_StockLedgerRequest) throws(RPCError) -> StockLedgerQuery {
        try PlantID.validate(request.plantID)
        // One more than the page: whether another page follows.
        var query = StockLedgerQuery(plantID: request.plantID, limit: OrderPageToken.pageSize(request.pageSize) + 1)
        query.itemID = request.itemID
        query.locationID = request.locationID
        query.reference = request.reference
        for (index, kind) in request.kinds.enumerated() {
            switch kind {
            case .unspecified, .UNRECOGNIZED:
                throw RPCError.invalidArgument(field: "kinds[\(index)]", "not a movement kind")
            case .receipt, .issue, .adjustment, .scrap, .transferOut, .transferIn:
                query.kinds.append(kind)
            }
        }
        if request.hasSince { query.sinceMicros = try micros(request.since, field: "since") }
        if request.hasUntil { query.untilMicros = try micros(request.until, field: "until") }
        if let since = query.sinceMicros, let until = query.untilMicros, until < since {
            throw RPCError.invalidArgument(field: "until", "must not be before since")
        }
        query.after = try LedgerPageToken.position(request.pageToken, plant: request.plantID)
        return query
    }

    /// Microseconds since the epoch (the ledger's precision), for a valid
    /// protobuf Timestamp (years 1 to 9999).
    static func micros(_ time: Google_Protobuf_Timestamp, field: String) throws(RPCError) -> Int64 {
        guard (-62_135_596_800...253_402_300_799).contains(time.seconds), (0..<1_000_000_000).contains(time.nanos) else {
            throw RPCError.invalidArgument(field: field, "not a valid timestamp")
        }
        return time.seconds * 1_000_000 + Int64(time.nanos / 1_000)
    }
}

/// The Ledger's page token: base64 of "G1|<plant>|<sequence>|<position>",
/// the last movement returned. Opaque to clients.
enum LedgerPageToken {
    static func encode(plant: String, after position: LedgerPosition) -> String {
        Data("G1|\(plant)|\(position.sequence)|\(position.position)".utf8).base64EncodedString()
    }

    /// nil for an empty token; INVALID_ARGUMENT for anything this plant's ledger did not hand out.
    static func position(_ token: String, plant: String) throws(RPCError) -> LedgerPosition? {
        guard !token.isEmpty else { return nil }
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else {
            throw invalid()
        }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "G1", let sequence = UInt64(parts[2]), let position = UInt32(parts[3]) else {
            throw invalid()
        }
        guard parts[1] == plant else {
            throw RPCError.invalidArgument(field: "page_token", "from the ledger of another plant; start again without one")
        }
        return LedgerPosition(sequence: sequence, position: position)
    }

    private static func invalid() -> RPCError {
        .invalidArgument(field: "page_token", "not a page token of this ledger; start again without one")
    }
}
