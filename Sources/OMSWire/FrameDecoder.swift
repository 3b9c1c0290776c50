/// Why a byte stream is not a valid sequence of frames. Each is fatal for the
/// connection: the peer gets a GOAWAY naming the reason and the connection closes.
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownFrameType(UInt8)
    case frameTooLarge(length: Int, limit: Int)
    /// The connection ended in the middle of a frame.
    case truncated(bufferedBytes: Int)

    public var description: String {
        switch self {
        case .unknownFrameType(let type):
            return "unknown frame type 0x\(String(type, radix: 16))"
        case .frameTooLarge(let length, let limit):
            return "frame payload of \(length) bytes exceeds the limit of \(limit) bytes"
        case .truncated(let buffered):
            return "connection closed in the middle of a frame (\(buffered) bytes buffered)"
        }
    }

    public var statusCode: StatusCode {
        switch self {
        case .unknownFrameType: return .unimplemented
        case .frameTooLarge: return .resourceExhausted
        case .truncated: return .invalidArgument
        }
    }
}

/// Splits a byte stream into frames, whatever the read boundaries: a frame may
/// arrive one byte at a time, or many frames in one read.
public struct FrameDecoder: Sendable {
    public let maxPayloadSize: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0

    public init(maxPayloadSize: Int) {
        self.maxPayloadSize = maxPayloadSize
    }

    /// Bytes received but not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil if more bytes are needed.
    /// A header is validated as soon as it is complete, so an oversize or
    /// unknown frame is refused before its payload is buffered.
    public mutating func nextFrame() throws(FrameError) -> Frame? {
        let available = buffer.count - readIndex
        guard available >= Frame.headerSize else { return nil }
        let length = Int(buffer.readBigEndianUInt32(at: readIndex))
        let rawType = buffer[readIndex + 4]
        guard let type = FrameType(rawValue: rawType) else { throw .unknownFrameType(rawType) }
        guard length <= maxPayloadSize else { throw .frameTooLarge(length: length, limit: maxPayloadSize) }
        guard available >= Frame.headerSize + length else { return nil }
        let flags = FrameFlags(rawValue: buffer[readIndex + 5])
        let streamID = buffer.readBigEndianUInt32(at: readIndex + 6)
        let payloadStart = readIndex + Frame.headerSize
        let payload = Array(buffer[payloadStart..<payloadStart + length])
        readIndex = payloadStart + length
        return Frame(type: type, flags: flags, streamID: streamID, payload: payload)
    }

    /// Called when the byte stream ends: leftover bytes mean a truncated frame.
    public func finish() throws(FrameError) {
        if bufferedByteCount > 0 { throw .truncated(bufferedBytes: bufferedByteCount) }
    }

    private mutating func compactIfWorthwhile() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 4096 && readIndex * 2 > buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
