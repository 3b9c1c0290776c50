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
            for peg in line.pegs {
                rows.append(("  made by", "\(peg.productionOrderID): \(peg.quantity)"))
            }
            for shortage in order.materialShortages where shortage.lineID == line.lineID {
                rows.append(("  short", shortageText(shortage)))
            }
        }
        return rows
    }

    /// "80 pc BOLT for P1-P3, needed 2026-12-01T..., expected 2026-11-30T..."
    static func shortageText(_ shortage: Oms_V1_MaterialShortage) -> String {
        var text = "\(shortage.quantity) \(shortage.unit) \(shortage.itemID)"
        if !shortage.productionOrderID.isEmpty { text += " for \(shortage.productionOrderID)" }
        text += ", needed \(time(shortage.neededAt))"
        text += shortage.hasExpectedAt ? ", expected \(time(shortage.expectedAt))" : ", no receipt in sight"
        return text
    }

    static func detail(_ lot: Oms_V1_ProductionOrder) -> [(String, String)] {
        var rows: [(String, String)] = [
            ("production order", lot.productionOrderID),
            ("item", "\(lot.quantity) \(lot.unit) \(lot.itemID)"),
            ("plant", lot.plantID),
            ("state", lotStateName(lot.state) + (lot.held ? ", held" : "") + (lot.expedited ? ", expedited" : "")),
            ("due", time(lot.dueDate)),
            ("routing", "\(lot.routingID) v\(lot.routingVersion)"),
            ("priority", "\(lot.effectivePriority)"),
            ("version", "\(lot.version)"),
        ]
        if !lot.derivedFrom.isEmpty { rows.append(("derived from", lot.derivedFrom.joined(separator: ", "))) }
        if !lot.supersededBy.isEmpty { rows.append(("superseded by", lot.supersededBy.joined(separator: ", "))) }
        for peg in lot.pegs {
            rows.append(("for", "\(peg.orderID) line \(peg.lineID): \(peg.quantity)"))
        }
        for shortage in lot.materialShortages {
            rows.append(("short", shortageText(shortage)))
        }
        return rows
    }

    static func summary(_ lot: Oms_V1_ProductionOrder) -> String {
        [lot.productionOrderID, lotStateName(lot.state), time(lot.dueDate), "\(lot.quantity) \(lot.itemID)",
         lot.pegs.map { "\($0.orderID)/\($0.lineID)=\($0.quantity)" }.joined(separator: ",")]
            .joined(separator: "  ")
    }

    static let lotStates: [String: Oms_V1_ProductionOrderState] = [
        "CREATED": .created, "PLANNED": .planned, "RELEASED": .released, "IN_PROGRESS": .inProgress,
        "COMPLETED": .completed, "CANCELLED": .cancelled, "SUPERSEDED": .superseded,
    ]

    static func lotStateName(_ state: Oms_V1_ProductionOrderState) -> String {
        lotStates.first { $0.value == state }?.key ?? "UNSPECIFIED"
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
