import Foundation
import OMSCore
import OMSProto

/// List across plants. Each plant's book lists in (due date, order id) order
/// from a position token; with no plant filter the pages of every plant are
/// merged in that order (`OrderBook.mergedListPage`) and the next token is a
/// position, which every plant understands.
enum OrderListing {
    static func list(_ request: Oms_V1_ListOrdersRequest, backend: any OrderBackend) throws -> Oms_V1_ListOrdersResponse {
        let now = Date()
        let plants = request.plantID.isEmpty ? backend.plants : [request.plantID]
        var pages: [Oms_V1_ListOrdersResponse] = []
        for plant in plants {
            guard let page = try backend.read(plant: plant, { state in
                var page = try state.orders.list(request, now: now)
                page.asOfSequence = [plant: UInt64(clamping: state.sequence)]
                return page
            }) else { continue }
            pages.append(page)
        }
        return OrderBook.mergedListPage(pages, pageSize: OrderPageToken.pageSize(request.pageSize))
    }
}
