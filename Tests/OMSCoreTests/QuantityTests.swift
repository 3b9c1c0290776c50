import Testing
@testable import OMSCore

@Suite struct QuantityTests {
    @Test(arguments: [
        ("12.5", Int64(12_500_000)), ("0.000001", 1), ("3", 3_000_000), ("0", 0), ("-3", -3_000_000),
        ("007.250", 7_250_000), ("-0.5", -500_000), ("9223372036854.775807", Int64.max),
    ])
    func parses(text: String, micros: Int64) {
        #expect(Quantity(text)?.micros == micros)
    }

    @Test(arguments: [
        "", "-", "+1", "1e3", "NaN", "nan", "inf", "Infinity", ".5", "5.", "1.0000001", "1.2.3", " 1", "1 ",
        "1,5", "0x10", "9223372036854.775808", "9223372036855", "99999999999999999999", "--1", "١",
    ])
    func rejects(text: String) {
        #expect(Quantity(text) == nil)
    }

    @Test(arguments: [
        (Int64(12_500_000), "12.5"), (3_000_000, "3"), (1, "0.000001"), (0, "0"), (-1_500_000, "-1.5"),
        (10_000_000, "10"), (1_230_000, "1.23"), (Int64.max, "9223372036854.775807"),
        (Int64.min, "-9223372036854.775808"),
    ])
    func formatsCanonically(micros: Int64, text: String) {
        #expect(Quantity(micros: micros).description == text)
    }

    @Test func roundTripsAndCanonicalises() {
        #expect(Quantity("12.500000")?.description == "12.5")
        #expect(Quantity("-0")?.description == "0")
        for micros: Int64 in [1, 999_999, 1_000_001, 123_456_789, -42, .max] {
            #expect(Quantity(Quantity(micros: micros).description)?.micros == micros)
        }
    }

    @Test func comparesAndAddsExactly() throws {
        let a = try #require(Quantity("0.1"))
        let b = try #require(Quantity("0.2"))
        #expect(a.adding(b) == Quantity("0.3"))
        #expect(a + b == Quantity("0.3"))
        #expect(b - a == a)
        #expect(a < b)
        #expect(a.subtracting(b)?.description == "-0.1")
        #expect(Quantity.zero.isZero && a.isPositive && (a - b).isNegative)
    }

    @Test func checkedArithmeticReportsOverflow() {
        #expect(Quantity.max.adding(Quantity(micros: 1)) == nil)
        #expect(Quantity(micros: .min).subtracting(Quantity(micros: 1)) == nil)
        #expect(Quantity(micros: .min).negated == nil)
        #expect(Quantity(micros: 5).negated == Quantity(micros: -5))
        #expect(Quantity.max.saturatingAdding(Quantity(micros: 7)) == .max)
        #expect(Quantity(micros: .min).saturatingSubtracting(Quantity(micros: 7)) == Quantity(micros: .min))
        #expect(Quantity(units: 9_223_372_036_855) == nil)
        #expect(Quantity(units: 2)?.description == "2")
    }
}
