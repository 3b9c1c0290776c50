/// The kinds of frame the protocol knows. The numbers are on the wire.
public enum FrameType: UInt8, Sendable, CaseIterable {
    /// Version negotiation; the first frame in each direction (stream 0).
    case hello = 0x01
    /// Opens a stream: request header and the request message.
    case request = 0x02
    /// One response message on a stream.
    case message = 0x03
    /// Ends a stream with a status.
    case status = 0x04
    /// The client abandons a stream; the server stops work on it.
    case cancel = 0x05
    /// Keep-alive and round-trip measurement (stream 0).
    case ping = 0x06
    /// The sender will close the connection; no new streams (stream 0).
    case goAway = 0x07
}

/// Frame flags. Bits not defined here are ignored on receipt and sent as zero.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// REQUEST: the client sends nothing more on this stream.
    public static let endStream = FrameFlags(rawValue: 0x01)
    /// PING: this is the answer to a ping.
    public static let ack = FrameFlags(rawValue: 0x02)
}

/// One protocol frame: a 10-byte header and a payload.
///
///     +-----------------+--------+--------+-----------------+----------------+
///     | length (u32 BE) | type   | flags  | stream id (u32) | payload ...    |
///     +-----------------+--------+--------+-----------------+----------------+
///
/// `length` counts the payload only.
public struct Frame: Sendable, Hashable {
    public static let headerSize = 10

    public var type: FrameType
    public var flags: FrameFlags
    public var streamID: UInt32
    public var payload: [UInt8]

    public init(type: FrameType, flags: FrameFlags = [], streamID: UInt32, payload: [UInt8] = []) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }

    /// Appends the encoded frame to `buffer`.
    public func encode(into buffer: inout [UInt8]) {
        Frame.encodeHeader(type: type, flags: flags, streamID: streamID, length: payload.count, into: &buffer)
        buffer.append(contentsOf: payload)
    }

    /// The encoded frame.
    public var encoded: [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Frame.headerSize + payload.count)
        encode(into: &buffer)
        return buffer
    }

    static func encodeHeader(type: FrameType, flags: FrameFlags, streamID: UInt32, length: Int, into buffer: inout [UInt8]) {
        buffer.appendBigEndian(UInt32(truncatingIfNeeded: length))
        buffer.append(type.rawValue)
        buffer.append(flags.rawValue)
        buffer.appendBigEndian(streamID)
    }
}

extension Array where Element == UInt8 {
    @inlinable
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }
}

extension Collection where Element == UInt8 {
    /// Reads a big-endian u32 at `offset` (relative to startIndex); the caller checks bounds.
    func readBigEndianUInt32(at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        var i = index(startIndex, offsetBy: offset)
        for _ in 0..<4 {
            value = value << 8 | UInt32(self[i])
            i = index(after: i)
        }
        return value
    }
}
