import Foundation
import OMSProto

/// CSV with a header row, one row per order line; rows sharing
/// (source_system, external_order_id) are one order, lines in row order.
enum CSVOrders {
    enum Column: String, CaseIterable {
        case sourceSystem = "source_system", externalOrderID = "external_order_id", customerID = "customer_id"
        case plantID = "plant_id", lineID = "line_id", itemID = "item_id", quantity, unit, dueDate = "due_date"
        case priority, customerReference = "customer_reference"
    }

    /// Columns a header may leave out: optional ones, and those the command line can supply.
    static func optionalColumns(_ defaults: ImportDefaults) -> Set<Column> {
        var columns: Set<Column> = [.unit, .priority, .customerReference]
        if defaults.plant != nil { columns.insert(.plantID) }
        if defaults.source != nil { columns.insert(.sourceSystem) }
        return columns
    }

    /// Throws when the header itself is unusable: then no row can be read.
    static func orders(_ text: String, defaults: ImportDefaults) throws(ImportParseError) -> [ImportedOrder] {
        var records = CSVReader.records(text)[...]
        guard let header = records.popFirst() else { throw ImportParseError("empty file: a header row is required") }
        var index: [Column: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let column = Column(rawValue: trimmed) { index[column] = position }
        }
        let missing = Column.allCases.filter { index[$0] == nil && !optionalColumns(defaults).contains($0) }
        guard missing.isEmpty else {
            throw ImportParseError(line: header.line, "header lacks column(s) \(missing.map(\.rawValue).joined(separator: ", "))")
        }

        // Orders in the order of their first row.
        var keys: [String: Int] = [:]
        var orders: [ImportedOrder] = []
        for record in records {
            let row = Row(record: record, index: index)
            let source = row[.sourceSystem].flatMap { $0.isEmpty ? nil : $0 } ?? defaults.source ?? ""
            let key = "\(source)\u{0}\(row[.externalOrderID] ?? "")"
            if let position = keys[key] {
                orders[position].lines.append(record.line)
                if case .success(var request) = orders[position].request {
                    orders[position].request = Result { () throws(ImportParseError) in
                        try add(row, to: &request)
                        return request
                    }
                }
            } else {
                keys[key] = orders.count
                let businessKey = "\(source)/\(row[.externalOrderID] ?? "")"
                orders.append(ImportedOrder(lines: [record.line], businessKey: businessKey, request: Result { () throws(ImportParseError) in
                    try request(row, defaults: defaults)
                }))
            }
        }
        return orders
    }

    /// One row's fields by column; nil when the row is too short or the column absent.
    struct Row {
        var record: CSVRecord
        var index: [Column: Int]

        subscript(column: Column) -> String? {
            guard let position = index[column], position < record.fields.count else { return nil }
            return record.fields[position].trimmingCharacters(in: .whitespaces)
        }

        func required(_ column: Column) throws(ImportParseError) -> String {
            if let position = index[column], position >= record.fields.count {
                throw ImportParseError(line: record.line, "missing column \(column.rawValue) (row has \(record.fields.count) fields)")
            }
            guard let value = self[column], !value.isEmpty else {
                throw ImportParseError(line: record.line, "missing \(column.rawValue)")
            }
            return value
        }
    }

    private static func request(_ row: Row, defaults: ImportDefaults) throws(ImportParseError) -> Oms_V1_SubmitOrderRequest {
        var request = Oms_V1_SubmitOrderRequest()
        let line = row.record.line
        try at(line) { () throws(ImportParseError) in
            request.sourceSystem = try ImportFields.required(row[.sourceSystem], defaults.source, Column.sourceSystem.rawValue)
            request.plantID = try ImportFields.required(row[.plantID], defaults.plant, Column.plantID.rawValue)
            request.priority = try ImportFields.priority(row[.priority] ?? "")
        }
        request.externalOrderID = try row.required(.externalOrderID)
        request.customerID = try row.required(.customerID)
        request.channel = defaults.channel
        request.customerReference = row[.customerReference] ?? ""
        try add(row, to: &request)
        return request
    }

    /// Appends the row's line; order-level fields must agree with the order's first row.
    private static func add(_ row: Row, to request: inout Oms_V1_SubmitOrderRequest) throws(ImportParseError) {
        let line = row.record.line
        let orderLevel: [(Column, String)] = [
            (.customerID, request.customerID), (.customerReference, request.customerReference),
            (.plantID, request.plantID), (.priority, request.priority == 0 ? "" : "\(request.priority)"),
        ]
        for (column, value) in orderLevel {
            if let own = row[column], !own.isEmpty, own != value {
                throw ImportParseError(line: line, "\(column.rawValue) '\(own)' differs from the order's first row ('\(value)')")
            }
        }
        var orderLine = Oms_V1_OrderLineInput()
        orderLine.lineID = try row.required(.lineID)
        orderLine.itemID = try row.required(.itemID)
        orderLine.unit = row[.unit] ?? ""
        let quantity = try row.required(.quantity)
        let due = try row.required(.dueDate)
        try at(line) { () throws(ImportParseError) in
            orderLine.quantity = try ImportFields.quantity(quantity)
            orderLine.dueDate = try ImportFields.due(due)
        }
        request.lines.append(orderLine)
    }

    /// Names the line in an error that does not name one yet.
    private static func at<T>(_ line: Int, _ body: () throws(ImportParseError) -> T) throws(ImportParseError) -> T {
        do {
            return try body()
        } catch {
            var located = error
            located.line = located.line ?? line
            throw located
        }
    }
}
