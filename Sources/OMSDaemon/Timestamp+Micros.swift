import SwiftProtobuf

extension Google_Protobuf_Timestamp {
    /// Microseconds since the epoch: how projections pass times to SQL
    /// (`to_timestamp(x / 1000000.0)`), as plain int8 array elements.
    var epochMicros: Int64 {
        seconds * 1_000_000 + Int64(nanos / 1_000)
    }
}
