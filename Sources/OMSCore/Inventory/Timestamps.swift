import SwiftProtobuf

extension Google_Protobuf_Timestamp {
    /// Orders timestamps by (seconds, nanos), exactly (no Double rounding).
    static func precedesOrEquals(_ lhs: Google_Protobuf_Timestamp, _ rhs: Google_Protobuf_Timestamp) -> Bool {
        lhs.seconds < rhs.seconds || (lhs.seconds == rhs.seconds && lhs.nanos <= rhs.nanos)
    }
}

/// A Timestamp's value without its unknown-field storage: 12 bytes.
struct PackedTime: Sendable, Equatable {
    var seconds: Int64
    var nanos: Int32

    init(_ timestamp: Google_Protobuf_Timestamp) {
        seconds = timestamp.seconds
        nanos = timestamp.nanos
    }

    var timestamp: Google_Protobuf_Timestamp {
        Google_Protobuf_Timestamp(seconds: seconds, nanos: nanos)
    }
}
