/// Field checks shared by the record rules. Each failure names the field
/// path ("routing.operations[2].run_seconds_per_unit") in an INVALID_ARGUMENT.
enum CatalogFieldCheck {
    enum Minimum {
        case positive
        case nonNegative
    }

    static func required(_ text: String, _ field: String) throws(DomainError) {
        if text.isEmpty { throw .invalid(field, "required") }
    }

    /// A decimal string, returned in canonical form ("1.50" -> "1.5") so that
    /// equal numbers are equal content. `allowEmpty`: "" stays "" (the
    /// field's documented default).
    static func canonicalDecimal(
        _ text: String, _ field: String, _ minimum: Minimum, allowEmpty: Bool = false
    ) throws(DomainError) -> String {
        if text.isEmpty {
            if allowEmpty { return "" }
            throw .invalid(field, "required")
        }
        let value = try decimal(text, field)
        switch minimum {
        case .positive where !value.isPositive:
            throw .invalid(field, "must be greater than zero, got \"\(text)\"")
        case .nonNegative where value.isNegative:
            throw .invalid(field, "must not be negative, got \"\(text)\"")
        default:
            return value.description
        }
    }

    static func decimal(_ text: String, _ field: String) throws(DomainError) -> Quantity {
        guard let value = Quantity(text) else {
            throw .invalid(
                field, "\"\(text)\" is not a decimal number with at most \(Quantity.fractionDigits) decimals in range")
        }
        return value
    }

    /// At most `scale` digits after the decimal point.
    static func withinScale(_ value: Quantity, scale: UInt32, _ field: String) throws(DomainError) {
        guard scale < Quantity.fractionDigits else { return }
        var step: Int64 = 1
        for _ in scale..<UInt32(Quantity.fractionDigits) { step *= 10 }
        if value.micros % step != 0 {
            throw .invalid(field, "\(value) has more than \(scale) decimals (the item's quantity_scale)")
        }
    }

    /// Records the id; a repeat is refused.
    static func unique<ID: Hashable>(_ id: ID, in seen: inout Set<ID>, _ field: String) throws(DomainError) {
        if !seen.insert(id).inserted { throw .invalid(field, "\"\(id)\" appears more than once") }
    }
}
