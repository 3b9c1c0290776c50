import Foundation
import OMSCore
import OMSProto
import SwiftProtobuf

/// The commands the state-machine benchmarks send, as the services build them.
enum Commands {
    static let plant = "P1"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func context(_ principal: String) -> CommandContext {
        CommandContext(now: now, principal: principal, plantID: plant)
    }

    static func receive(_ item: String, _ quantity: String) -> PlantCommand {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = .purchase
        request.lines = [stockLine(item, quantity)]
        return .inventory(.receive(request))
    }

    static func reserve(_ item: String, _ quantity: String, reference: String) -> PlantCommand {
        var request = Oms_V1_ReserveStockRequest()
        request.plantID = plant
        request.externalReference = reference
        request.firm = true
        request.lines = [stockLine(item, quantity)]
        return .inventory(.reserve(request))
    }

    static func release(_ reservationID: String) -> PlantCommand {
        var request = Oms_V1_ReleaseReservationRequest()
        request.reservationID = reservationID
        request.reason = "pick cancelled"
        return .inventory(.release(request))
    }

    /// A two-line order from an ERP; `number` makes its business key unique.
    static func submit(number: Int, customer: String = "ACME", source: String = "sap-prd") -> PlantCommand {
        var request = Oms_V1_SubmitOrderRequest()
        request.sourceSystem = source
        request.externalOrderID = "45000\(number)"
        request.plantID = plant
        request.customerID = customer
        request.lines = [orderLine("10", "SHAFT-20", "5", dueInDays: 30), orderLine("20", "FLANGE-3", "12", dueInDays: 45)]
        return .order(.submit(request), onBehalfOf: "")
    }

    static func approve(_ orderID: String) -> PlantCommand {
        var request = Oms_V1_ApproveOrderRequest()
        request.orderID = orderID
        request.reason = "credit checked"
        return .order(.approve(request), onBehalfOf: "planner")
    }

    private static func stockLine(_ item: String, _ quantity: String) -> Oms_V1_StockLine {
        var line = Oms_V1_StockLine()
        line.itemID = item
        line.quantity = quantity
        return line
    }

    private static func orderLine(_ id: String, _ item: String, _ quantity: String, dueInDays: Int64) -> Oms_V1_OrderLineInput {
        var line = Oms_V1_OrderLineInput()
        line.lineID = id
        line.itemID = item
        line.quantity = quantity
        line.dueDate = Google_Protobuf_Timestamp(seconds: Int64(now.timeIntervalSince1970) + dueInDays * 86_400)
        return line
    }
}
