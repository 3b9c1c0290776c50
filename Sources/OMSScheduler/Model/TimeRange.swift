/// Time in the scheduler is an integer number of minutes since the plan epoch.
///
/// The epoch is, by convention, a Monday at 00:00 in plant-local time, so that
/// weekly shift patterns line up with it. For pure job-shop instances the unit
/// is whatever the instance uses.
public typealias Minutes = Int

/// A half-open interval of time `[start, end)` in minutes since the plan epoch.
public struct TimeRange: Sendable, Hashable, Codable {
    /// First minute of the range.
    public var start: Minutes
    /// First minute after the range.
    public var end: Minutes

    /// Creates a range; `end` must not be before `start`.
    public init(start: Minutes, end: Minutes) {
        self.start = start
        self.end = end
    }

    /// The length of the range in minutes.
    public var length: Minutes { end - start }

    /// Whether the two half-open ranges share at least one minute.
    public func overlaps(_ other: TimeRange) -> Bool {
        start < other.end && other.start < end && length > 0 && other.length > 0
    }
}
