import SwiftProtobuf

/// A protobuf message written in parts: its small fields encoded as one
/// message, then large repeated message fields appended element by element
/// in the wire format (tag, length, bytes). Parsers accept a message's fields
/// in any order, and a repeated field's elements wherever they appear, so the
/// bytes decode to the same message.
///
/// Why: swift-protobuf writes a nested message's length by sizing it again,
/// so every level of nesting sizes everything below it once more. A plant
/// snapshot nests its reservations three levels deep, and sizing them took
/// twice as long as encoding them; here each element is sized once.
struct ProtobufParts {
    private(set) var bytes: [UInt8]

    /// Starts with `head`'s fields (encoding a message built in memory cannot
    /// fail: proto3 has no required fields).
    init(_ head: some Message) {
        bytes = (try? head.serializedBytes()) ?? []
    }

    /// Appends `message` as (one element of) the message field `field`.
    mutating func append(field: Int, _ message: some Message) {
        append(field: field, encoded: (try? message.serializedBytes()) ?? [])
    }

    /// Appends an already encoded message as the message field `field`.
    mutating func append(field: Int, encoded: [UInt8]) {
        appendVarint(UInt64(field) << 3 | 2)  // wire type 2: length-delimited
        appendVarint(UInt64(encoded.count))
        bytes.append(contentsOf: encoded)
    }

    private mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
