import SwiftProtobuf

extension Google_Protobuf_Timestamp {
    /// Orders timestamps by (seconds, nanos), exactly (no Double rounding).
    static func precedesOrEquals(_ lhs: Google_Protobuf_Timestamp, _ rhs: Google_Protobuf_Timestamp) -> Bool {
        lhs.seconds < rhs.seconds || (lhs.seconds == rhs.seconds && lhs.nanos <= rhs.nanos)
    }
}
