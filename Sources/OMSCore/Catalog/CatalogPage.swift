import Foundation
import OMSProto
import SwiftProtobuf

/// What every List request of the contract has besides its filters.
protocol CatalogListRequest: SwiftProtobuf.Message {
    var includeRetired: Bool { get }
    var pageSize: UInt32 { get set }
    var pageToken: String { get set }
}

extension Oms_V1_ListPlantsRequest: CatalogListRequest {}
extension Oms_V1_ListItemsRequest: CatalogListRequest {}
extension Oms_V1_ListBillsOfMaterialsRequest: CatalogListRequest {}
extension Oms_V1_ListRoutingsRequest: CatalogListRequest {}
extension Oms_V1_ListWorkCentersRequest: CatalogListRequest {}
extension Oms_V1_ListCalendarsRequest: CatalogListRequest {}
extension Oms_V1_ListCustomersRequest: CatalogListRequest {}

/// One page of a List: records in id order and the token of the next page
/// ("" on the last).
struct CatalogPage<Record: CatalogRecord> {
    static var defaultSize: Int { 100 }
    static var maximumSize: Int { 1_000 }

    var records: [Record] = []
    var nextPageToken = ""
}

extension RecordHistory {
    /// The page of current records after the token's id that pass the
    /// request's retired filter and `matches`. The token names the last id
    /// returned rather than a position, so a record that exists throughout
    /// the paging comes exactly once, whatever is written meanwhile.
    func page(
        _ request: some CatalogListRequest, where matches: (Record) -> Bool
    ) throws(DomainError) -> CatalogPage<Record> {
        let filter = CatalogPageToken.filter(of: request)
        var start = 0
        if !request.pageToken.isEmpty {
            let afterID = try CatalogPageToken.afterID(request.pageToken, kind: Record.kind, filter: filter)
            start = insertionIndex(of: afterID)
            if start < sortedIDs.count && sortedIDs[start] == afterID { start += 1 }
        }
        let size = request.pageSize == 0
            ? CatalogPage<Record>.defaultSize : min(Int(request.pageSize), CatalogPage<Record>.maximumSize)
        var page = CatalogPage<Record>()
        for id in sortedIDs[start...] {
            guard let record = current(id), request.includeRetired || !record.retired, matches(record) else { continue }
            if page.records.count == size {
                // Another match exists, so this page is not the last.
                let lastID = page.records[size - 1].recordID
                page.nextPageToken = CatalogPageToken.encode(kind: Record.kind, filter: filter, afterID: lastID)
                break
            }
            page.records.append(record)
        }
        return page
    }
}

/// The opaque page_token: base64url of a CatalogPageToken.
enum CatalogPageToken {
    /// The request without its paging fields: what a token is bound to.
    static func filter(of request: some CatalogListRequest) -> Data {
        var filter = request
        filter.pageSize = 0
        filter.pageToken = ""
        return (try? filter.serializedData()) ?? Data()
    }

    static func encode(kind: String, filter: Data, afterID: String) -> String {
        var token = Oms_Journal_V1_CatalogPageToken()
        token.kind = kind
        token.filter = filter
        token.afterID = afterID
        let bytes = (try? token.serializedData()) ?? Data()
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The id the page starts after; INVALID_ARGUMENT (page_token) for a
    /// token that is not one of ours or was issued for other filters.
    static func afterID(_ text: String, kind: String, filter: Data) throws(DomainError) -> String {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let bytes = Data(base64Encoded: base64),
            let token = try? Oms_Journal_V1_CatalogPageToken(serializedBytes: bytes),
            token.kind == kind, !token.afterID.isEmpty
        else {
            throw .invalid("page_token", "not a page token of this list; start again with an empty page_token")
        }
        if token.filter != filter {
            throw .invalid("page_token", "issued for other filters; a token is only valid with the same filters")
        }
        return token.afterID
    }
}
