import Foundation
import OMSProto

/// JSON Lines: one order per non-blank line.
enum JSONLOrders {
    struct Order: Decodable {
        var sourceSystem: String?
        var externalOrderId: String?
        var customerId: String?
        var plantId: String?
        var priority: UInt32?
        var customerReference: String?
        var lines: [Line]?
    }

    struct Line: Decodable {
        var lineId: String?
        var itemId: String?
        var quantity: String?
        var unit: String?
        var dueDate: String?
    }

    static func orders(_ text: String, defaults: ImportDefaults) -> [ImportedOrder] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var orders: [ImportedOrder] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let order: Order
            do {
                order = try decoder.decode(Order.self, from: Data(line.utf8))
            } catch {
                let failure = ImportParseError("not a JSON order: \(describe(error))")
                orders.append(ImportedOrder(lines: [offset + 1], businessKey: "", request: .failure(failure)))
                continue
            }
            let businessKey = "\(order.sourceSystem ?? defaults.source ?? "")/\(order.externalOrderId ?? "")"
            let result = Result { () throws(ImportParseError) in try request(order, defaults: defaults) }
            orders.append(ImportedOrder(lines: [offset + 1], businessKey: businessKey, request: result))
        }
        return orders
    }

    private static func request(_ order: Order, defaults: ImportDefaults) throws(ImportParseError) -> Oms_V1_SubmitOrderRequest {
        var request = Oms_V1_SubmitOrderRequest()
        request.sourceSystem = try ImportFields.required(order.sourceSystem, defaults.source, "source_system")
        request.externalOrderID = try ImportFields.required(order.externalOrderId, nil, "external_order_id")
        request.customerID = try ImportFields.required(order.customerId, nil, "customer_id")
        request.plantID = try ImportFields.required(order.plantId, defaults.plant, "plant_id")
        request.channel = defaults.channel
        request.priority = order.priority ?? 0
        request.customerReference = order.customerReference ?? ""
        guard let lines = order.lines, !lines.isEmpty else { throw ImportParseError("missing lines") }
        for (position, line) in lines.enumerated() {
            var input = Oms_V1_OrderLineInput()
            do {
                input.lineID = try ImportFields.required(line.lineId, nil, "line_id")
                input.itemID = try ImportFields.required(line.itemId, nil, "item_id")
                input.quantity = try ImportFields.quantity(try ImportFields.required(line.quantity, nil, "quantity"))
                input.dueDate = try ImportFields.due(try ImportFields.required(line.dueDate, nil, "due_date"))
            } catch {
                throw ImportParseError("lines[\(position)]: \(error.message)")
            }
            input.unit = line.unit ?? ""
            request.lines.append(input)
        }
        return request
    }

    /// DecodingError's own description is long and names Swift types; say where and what.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "\(path.dropFirst(path.hasPrefix(".") ? 1 : 0)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
