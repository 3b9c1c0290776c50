import Foundation
import OMSCore
import OMSProto

/// List across plants. Each plant's book lists in (due date, order id) order
/// from a position token; with no plant filter the pages of every plant are
/// merged in that order and the next token is the position of the last order
/// returned, which every plant understands.
enum OrderListing {
    static func list(_ request: Oms_V1_ListOrdersRequest, backend: any OrderBackend) throws -> Oms_V1_ListOrdersResponse {
        let now = Date()
        let plants = request.plantID.isEmpty ? backend.plants : [request.plantID]
        var merged: [Oms_V1_Order] = []
        var more = false
        var asOf: [String: UInt64] = [:]
        for plant in plants {
            guard let page = try backend.read(plant: plant, { state in
                var page = try state.orders.list(request, now: now)
                page.asOfSequence = [plant: UInt64(clamping: state.sequence)]
                return page
            }) else { continue }
            merged += page.orders
            more = more || !page.nextPageToken.isEmpty
            asOf.merge(page.asOfSequence) { _, new in new }
        }
        var response = Oms_V1_ListOrdersResponse()
        response.asOfSequence = asOf
        merged.sort(by: OrderBook.listsBefore)
        let pageSize = OrderPageToken.pageSize(request.pageSize)
        response.orders = Array(merged.prefix(pageSize))
        if more || merged.count > pageSize, let last = response.orders.last {
            response.nextPageToken = OrderBook.listPageToken(after: last)
        }
        return response
    }
}
