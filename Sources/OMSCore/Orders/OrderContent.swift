import OMSProto
import SwiftProtobuf

/// One order line as the book keeps it: validated, quantity exact.
struct OrderLineRecord: Sendable, Equatable {
    var lineID: String
    var itemID: String
    var quantity: Quantity
    /// As submitted ("" = the item's unit).
    var unit: String
    var dueDate: Google_Protobuf_Timestamp
    /// As submitted ("" = the order's plant).
    var plantID: String

    var journal: Oms_Journal_V1_OrderLineContent {
        var line = Oms_Journal_V1_OrderLineContent()
        line.lineID = lineID
        line.itemID = itemID
        line.quantityMicros = quantity.micros
        line.unit = unit
        line.dueDate = dueDate
        line.plantID = plantID
        return line
    }

    /// One-line text for the audit trail of an added or removed line.
    var summary: String {
        var parts = ["item_id=\(itemID)", "quantity=\(quantity)"]
        if !unit.isEmpty { parts.append("unit=\(unit)") }
        parts.append("due_date=\(OrderText.time(dueDate))")
        if !plantID.isEmpty { parts.append("plant_id=\(plantID)") }
        return parts.joined(separator: " ")
    }
}

extension OrderLineRecord {
    init(_ line: Oms_Journal_V1_OrderLineContent) {
        self.init(
            lineID: line.lineID, itemID: line.itemID, quantity: Quantity(micros: line.quantityMicros),
            unit: line.unit, dueDate: line.dueDate, plantID: line.plantID)
    }
}

/// What a client says about an order (Submit, and Amend for its part), in
/// the form the book compares: the basis of idempotent resubmission and of
/// the FieldChange lists of amendments.
struct OrderContent: Sendable, Equatable {
    var sourceSystem: String
    var externalOrderID: String
    var channel: Oms_V1_OrderChannel
    var customerID: String
    /// Resolved: never empty.
    var plantID: String
    /// In the order the client sent them.
    var lines: [OrderLineRecord]
    /// As submitted (0 = the customer's priority).
    var priority: UInt32
    var customerReference: String
    var attributes: [String: String]

    /// Earliest due date of the lines (the order's due date).
    var dueDate: Google_Protobuf_Timestamp {
        lines.map(\.dueDate).min(by: { OrderText.precedes($0, $1) }) ?? Google_Protobuf_Timestamp()
    }

    func line(_ lineID: String) -> OrderLineRecord? {
        lines.first { $0.lineID == lineID }
    }

    /// Every difference from `old` to `self`, as field paths with text
    /// values: order fields first, then attributes by key, then lines by
    /// line_id ("lines[id=10].quantity"; "lines[id=20]" for a line only one
    /// side has). Line order and number formatting are not differences; a
    /// line's empty plant equals the order's plant.
    func changes(from old: OrderContent) -> [Oms_V1_FieldChange] {
        var changes: [Oms_V1_FieldChange] = []
        func compare(_ field: String, _ before: String, _ after: String) {
            if before != after { changes.append(OrderText.change(field, before, after)) }
        }
        compare("source_system", old.sourceSystem, sourceSystem)
        compare("external_order_id", old.externalOrderID, externalOrderID)
        compare("channel", OrderText.channel(old.channel), OrderText.channel(channel))
        compare("customer_id", old.customerID, customerID)
        compare("plant_id", old.plantID, plantID)
        compare("priority", String(old.priority), String(priority))
        compare("customer_reference", old.customerReference, customerReference)
        for key in Set(old.attributes.keys).union(attributes.keys).sorted() {
            compare("attributes[\(key)]", old.attributes[key] ?? "", attributes[key] ?? "")
        }
        for before in old.lines {
            let path = "lines[id=\(before.lineID)]"
            guard let after = line(before.lineID) else {
                changes.append(OrderText.change(path, before.summary, ""))
                continue
            }
            compare("\(path).item_id", before.itemID, after.itemID)
            compare("\(path).quantity", before.quantity.description, after.quantity.description)
            compare("\(path).unit", before.unit, after.unit)
            compare("\(path).due_date", OrderText.time(before.dueDate), OrderText.time(after.dueDate))
            compare(
                "\(path).plant_id", before.plantID.isEmpty ? old.plantID : before.plantID,
                after.plantID.isEmpty ? plantID : after.plantID)
        }
        for after in lines where old.line(after.lineID) == nil {
            changes.append(OrderText.change("lines[id=\(after.lineID)]", "", after.summary))
        }
        return changes
    }
}

extension OrderContent {
    init(_ submitted: Oms_Journal_V1_OrderSubmitted) {
        self.init(
            sourceSystem: submitted.sourceSystem, externalOrderID: submitted.externalOrderID,
            channel: submitted.channel, customerID: submitted.customerID, plantID: submitted.plantID,
            lines: submitted.lines.map(OrderLineRecord.init), priority: submitted.priority,
            customerReference: submitted.customerReference, attributes: submitted.attributes)
    }

    /// An OrderSubmitted with this content; the order id and the effective
    /// priority are the writer's to add.
    var submission: Oms_Journal_V1_OrderSubmitted {
        var submitted = Oms_Journal_V1_OrderSubmitted()
        submitted.sourceSystem = sourceSystem
        submitted.externalOrderID = externalOrderID
        submitted.channel = channel
        submitted.customerID = customerID
        submitted.plantID = plantID
        submitted.lines = lines.map(\.journal)
        submitted.priority = priority
        submitted.customerReference = customerReference
        submitted.attributes = attributes
        return submitted
    }
}

/// Text forms of values in FieldChange and messages.
enum OrderText {
    static func change(_ field: String, _ before: String, _ after: String) -> Oms_V1_FieldChange {
        var change = Oms_V1_FieldChange()
        change.field = field
        change.previousValue = before
        change.newValue = after
        return change
    }

    /// RFC 3339 in UTC ("2026-03-01T12:00:00Z"), as JSON renders timestamps.
    static func time(_ timestamp: Google_Protobuf_Timestamp) -> String {
        guard let json = try? timestamp.jsonString(), json.count >= 2 else {
            return "\(timestamp.seconds)s+\(timestamp.nanos)ns"
        }
        return String(json.dropFirst().dropLast())  // the JSON string's quotes
    }

    static func precedes(_ lhs: Google_Protobuf_Timestamp, _ rhs: Google_Protobuf_Timestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    static func channel(_ channel: Oms_V1_OrderChannel) -> String {
        switch channel {
        case .unspecified: "UNSPECIFIED"
        case .erp: "ERP"
        case .crm: "CRM"
        case .ecommerce: "ECOMMERCE"
        case .import: "IMPORT"
        case .manual: "MANUAL"
        case .UNRECOGNIZED(let raw): "UNRECOGNIZED(\(raw))"
        }
    }
}
