import Foundation
import OMSProto
import SwiftProtobuf

/// How orders read in table output.
enum OrderRows {
    static func detail(_ order: Oms_V1_Order) -> [(String, String)] {
        var rows: [(String, String)] = [
            ("order", order.orderID),
            ("business key", "\(order.sourceSystem) / \(order.externalOrderID)"),
            ("customer", order.customerID),
            ("plant", order.plantID),
            ("state", stateName(order.state) + (order.stateReason.isEmpty ? "" : " (\(order.stateReason))")),
            ("priority", "\(order.effectivePriority)" + (order.expedited ? ", expedited" : "")),
            ("due", time(order.dueDate)),
            ("version", "\(order.version)"),
        ]
        for line in order.lines {
            rows.append(("line \(line.lineID)", "\(line.quantity) \(line.unit) \(line.itemID) due \(time(line.dueDate))"))
        }
        return rows
    }

    static func summary(_ order: Oms_V1_Order) -> String {
        [order.orderID, stateName(order.state), time(order.dueDate), order.customerID,
         "\(order.sourceSystem)/\(order.externalOrderID)", order.expedited ? "expedited" : ""]
            .joined(separator: "  ")
    }

    /// The contract's state names without their prefix, as errors name them too.
    static let states: [String: Oms_V1_OrderState] = [
        "RECEIVED": .received, "APPROVED": .approved, "PLANNED": .planned, "RELEASED": .released,
        "IN_PRODUCTION": .inProduction, "COMPLETED": .completed, "SHIPPED": .shipped, "HELD": .held,
        "CANCELLED": .cancelled,
    ]

    static func stateName(_ state: Oms_V1_OrderState) -> String {
        states.first { $0.value == state }?.key ?? "UNSPECIFIED"
    }

    static func time(_ timestamp: Google_Protobuf_Timestamp) -> String {
        ISO8601DateFormatter().string(from: timestamp.date)
    }
}
