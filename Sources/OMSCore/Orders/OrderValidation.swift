import OMSProto
import SwiftProtobuf

/// Collects every bad field of a request, so a connector learns all its
/// mistakes from one refusal (INVALID_ARGUMENT, one FieldViolation each).
struct OrderViolations {
    private(set) var list: [Oms_V1_FieldViolation] = []

    mutating func add(_ field: String, _ description: String) {
        var violation = Oms_V1_FieldViolation()
        violation.field = field
        violation.description_p = description
        list.append(violation)
    }

    mutating func required(_ text: String, _ field: String) {
        if text.isEmpty { add(field, "required") }
    }

    func throwIfAny() throws(DomainError) {
        guard !list.isEmpty else { return }
        let message = list.map { "\($0.field): \($0.description_p)" }.joined(separator: "; ")
        throw DomainError(.invalidArgument, message, fieldViolations: list)
    }
}

/// Checks shared by Submit and Amend.
extension OrderBook {
    /// The lines of a Submit or Amend, validated: at least one; line_id
    /// present and unique; item_id present; quantity a decimal > 0; due_date
    /// set and valid; plant_id empty or an id (no spaces or control
    /// characters). Fields are named by position ("lines[1].quantity").
    func validatedLines(_ inputs: [Oms_V1_OrderLineInput], _ violations: inout OrderViolations) -> [OrderLineRecord] {
        if inputs.isEmpty { violations.add("lines", "at least one line is required") }
        var seen: Set<String> = []
        var lines: [OrderLineRecord] = []
        for (index, input) in inputs.enumerated() {
            let path = "lines[\(index)]"
            violations.required(input.lineID, "\(path).line_id")
            if !input.lineID.isEmpty && !seen.insert(input.lineID).inserted {
                violations.add("\(path).line_id", "line_id \"\(input.lineID)\" appears more than once")
            }
            violations.required(input.itemID, "\(path).item_id")
            let quantity = Self.positiveQuantity(input.quantity, "\(path).quantity", &violations)
            if !input.hasDueDate {
                violations.add("\(path).due_date", "required")
            } else if !Self.isValid(input.dueDate) {
                violations.add("\(path).due_date", "not a valid instant")
            }
            if !Self.isIdentifier(input.plantID) {
                violations.add("\(path).plant_id", "\"\(input.plantID)\" is not a plant id")
            }
            if let quantity {
                lines.append(
                    OrderLineRecord(
                        lineID: input.lineID, itemID: input.itemID, quantity: quantity, unit: input.unit,
                        dueDate: input.dueDate, plantID: input.plantID))
            }
        }
        return lines
    }

    func checkPriority(_ priority: UInt32, _ violations: inout OrderViolations) {
        if priority > 100 { violations.add("priority", "must be 0 (the customer's) or 1 ... 100, got \(priority)") }
    }

    /// "" = this plant; anything else must be it.
    func checkPlant(_ plantID: String, _ violations: inout OrderViolations) {
        if !plantID.isEmpty && plantID != self.plantID {
            violations.add("plant_id", "plant \"\(plantID)\" is not this shard's plant \"\(self.plantID)\"")
        }
    }

    /// Shard wiring: a context for another plant is a bug of the caller.
    func checkContext(_ context: CommandContext) throws(DomainError) {
        if !context.plantID.isEmpty && context.plantID != plantID {
            throw DomainError(
                .aborted, "command for plant \"\(context.plantID)\" reached the order book of plant \"\(plantID)\"")
        }
    }

    static func positiveQuantity(_ text: String, _ field: String, _ violations: inout OrderViolations) -> Quantity? {
        guard !text.isEmpty else {
            violations.add(field, "required")
            return nil
        }
        guard let quantity = Quantity(text) else {
            violations.add(
                field, "\"\(text)\" is not a decimal number with at most \(Quantity.fractionDigits) decimals in range")
            return nil
        }
        guard quantity.isPositive else {
            violations.add(field, "must be greater than zero, got \"\(text)\"")
            return nil
        }
        return quantity
    }

    /// Within what a Timestamp may hold: years 1 ... 9999, nanos below a second.
    static func isValid(_ timestamp: Google_Protobuf_Timestamp) -> Bool {
        (-62_135_596_800...253_402_300_799).contains(timestamp.seconds) && (0..<1_000_000_000).contains(timestamp.nanos)
    }

    /// Empty, or a code without spaces or control characters.
    static func isIdentifier(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.properties.generalCategory != .control }
    }

    static func isBlank(_ text: String) -> Bool {
        text.allSatisfy(\.isWhitespace)
    }
}
