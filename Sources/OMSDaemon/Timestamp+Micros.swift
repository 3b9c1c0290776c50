import SwiftProtobuf

extension Google_Protobuf_Timestamp {
    /// Microseconds since the epoch: how projections pass times to SQL
    /// (`to_timestamp(x / 1000000.0)`), as plain int8 array elements.
    /// Saturates: requests are checked to years 1-9999, whose micros fit,
    /// but a projection must never trap on a stored event.
    var epochMicros: Int64 {
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(Int64(nanos / 1_000)).overflow ? .max : scaled + Int64(nanos / 1_000)
    }
}
