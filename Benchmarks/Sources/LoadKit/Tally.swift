public import Histogram

/// What one caller measured; merged after the run.
public struct Tally: Sendable {
    public var latency = Tally.histogram()
    public var byOperation: [String: Histogram<UInt64>] = [:]
    public var errors: [String: Int] = [:]
    public var ok = 0

    public init() {}

    /// Microseconds, 1 µs to 5 minutes, three significant digits.
    public static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 300_000_000, numberOfSignificantValueDigits: .three)
    }

    public mutating func record(operation: String, micros: UInt64) {
        ok += 1
        _ = latency.record(micros)
        _ = byOperation[operation, default: Tally.histogram()].record(micros)
    }

    public mutating func merge(_ other: Tally) {
        latency.add(other.latency)
        for (name, histogram) in other.byOperation { byOperation[name, default: Tally.histogram()].add(histogram) }
        errors.merge(other.errors, uniquingKeysWith: +)
        ok += other.ok
    }
}

extension Duration {
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    public var micros: UInt64 {
        let value = components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
        return UInt64(max(value, 1))
    }
}
