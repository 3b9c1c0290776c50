/// An exact decimal quantity: a signed fixed-point number with six decimals,
/// held as an integer count of micro-units (1 unit = 1_000_000 micros).
///
/// The contract sends quantities as decimal strings ("12.5", "0.000001");
/// `Quantity(_:)` parses exactly that form and `description` formats it back
/// canonically (no exponent, no trailing zeros, no trailing point: "12.5", "3").
/// Arithmetic never wraps: the checked forms return nil on overflow, the
/// operators trap (like Int64's) and are meant for sums already checked.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Micro-units per unit.
    public static let scale: Int64 = 1_000_000
    /// Decimal places a quantity can carry.
    public static let fractionDigits = 6

    public static let zero = Quantity(micros: 0)
    public static let max = Quantity(micros: .max)

    /// The value in micro-units.
    public let micros: Int64

    public init(micros: Int64) {
        self.micros = micros
    }

    /// Whole units; nil if out of range.
    public init?(units: Int64) {
        let (value, overflow) = units.multipliedReportingOverflow(by: Quantity.scale)
        if overflow { return nil }
        self.micros = value
    }

    /// Parses a decimal string: an optional leading "-", one or more digits,
    /// optionally "." and one to six digits. Nothing else: no "+", no spaces,
    /// no exponent, no ".5" or "5.", no NaN or infinity. Nil when the text is
    /// not of that form or the value does not fit.
    public init?(_ text: String) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerDigits = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[bytes.index(after: $0)...] }
        guard !integerDigits.isEmpty else { return nil }
        if let fraction, fraction.isEmpty || fraction.count > Quantity.fractionDigits { return nil }

        var magnitude: Int64 = 0
        for byte in integerDigits {
            guard let digit = Quantity.digit(byte) else { return nil }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            magnitude = sum
        }
        let (scaled, o3) = magnitude.multipliedReportingOverflow(by: Quantity.scale)
        if o3 { return nil }
        var fractionMicros: Int64 = 0
        var place = Quantity.scale
        for byte in fraction ?? Substring("").utf8[...] {
            guard let digit = Quantity.digit(byte) else { return nil }
            place /= 10
            fractionMicros += digit * place
        }
        let (total, o4) = scaled.addingReportingOverflow(fractionMicros)
        if o4 { return nil }
        self.micros = negative ? -total : total
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        return Int64(byte - UInt8(ascii: "0"))
    }

    /// Canonical decimal text: "-12.5", "3", "0.000001", "0".
    public var description: String {
        let magnitude = micros.magnitude
        let scale = UInt64(Quantity.scale)
        let whole = magnitude / scale
        var fraction = magnitude % scale
        var text = micros < 0 ? "-" : ""
        text += String(whole)
        if fraction != 0 {
            var digits = Quantity.fractionDigits
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }

    public var isZero: Bool { micros == 0 }
    public var isPositive: Bool { micros > 0 }
    public var isNegative: Bool { micros < 0 }

    /// The sum, or nil on overflow.
    public func adding(_ other: Quantity) -> Quantity? {
        let (value, overflow) = micros.addingReportingOverflow(other.micros)
        return overflow ? nil : Quantity(micros: value)
    }

    /// The difference, or nil on overflow.
    public func subtracting(_ other: Quantity) -> Quantity? {
        let (value, overflow) = micros.subtractingReportingOverflow(other.micros)
        return overflow ? nil : Quantity(micros: value)
    }

    /// The negation, or nil for the one value that has none.
    public var negated: Quantity? {
        micros == .min ? nil : Quantity(micros: -micros)
    }

    /// The sum, clamped to the representable range (never traps, never wraps).
    public func saturatingAdding(_ other: Quantity) -> Quantity {
        let (value, overflow) = micros.addingReportingOverflow(other.micros)
        if !overflow { return Quantity(micros: value) }
        return Quantity(micros: other.micros > 0 ? .max : .min)
    }

    /// The difference, clamped to the representable range.
    public func saturatingSubtracting(_ other: Quantity) -> Quantity {
        let (value, overflow) = micros.subtractingReportingOverflow(other.micros)
        if !overflow { return Quantity(micros: value) }
        return Quantity(micros: other.micros < 0 ? .max : .min)
    }

    /// Traps on overflow.
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(micros: lhs.micros + rhs.micros)
    }

    /// Traps on overflow.
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(micros: lhs.micros - rhs.micros)
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        lhs.micros < rhs.micros
    }
}
