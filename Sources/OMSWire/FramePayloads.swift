public import OMSProto
public import SwiftProtobuf

/// Builders and parsers for the payloads of each frame type (see docs/PROTOCOL.md).
extension Frame {
    public static func hello(_ hello: Oms_V1_Hello) -> Frame {
        Frame(type: .hello, streamID: 0, payload: serialize(hello))
    }

    /// A REQUEST frame: `u32 BE header length | RequestHeader | request message`.
    public static func request(streamID: UInt32, header: Oms_V1_RequestHeader, message: [UInt8]) -> Frame {
        let headerBytes = serialize(header)
        var payload: [UInt8] = []
        payload.reserveCapacity(4 + headerBytes.count + message.count)
        payload.appendBigEndian(UInt32(headerBytes.count))
        payload.append(contentsOf: headerBytes)
        payload.append(contentsOf: message)
        return Frame(type: .request, flags: .endStream, streamID: streamID, payload: payload)
    }

    public static func message(streamID: UInt32, _ message: [UInt8]) -> Frame {
        Frame(type: .message, streamID: streamID, payload: message)
    }

    public static func status(streamID: UInt32, _ status: Oms_V1_Status) -> Frame {
        Frame(type: .status, streamID: streamID, payload: serialize(status))
    }

    public static func status(streamID: UInt32, _ error: RPCError) -> Frame {
        status(streamID: streamID, error.status)
    }

    public static func cancel(streamID: UInt32) -> Frame {
        Frame(type: .cancel, streamID: streamID)
    }

    public static func ping(_ opaque: UInt64, ack: Bool = false) -> Frame {
        var payload: [UInt8] = []
        payload.appendBigEndian(UInt32(truncatingIfNeeded: opaque >> 32))
        payload.appendBigEndian(UInt32(truncatingIfNeeded: opaque))
        return Frame(type: .ping, flags: ack ? .ack : [], streamID: 0, payload: payload)
    }

    public static func goAway(_ code: StatusCode, reason: String) -> Frame {
        var goAway = Oms_V1_GoAway()
        goAway.code = code.proto
        goAway.reason = reason
        return Frame(type: .goAway, streamID: 0, payload: serialize(goAway))
    }

    /// Splits a REQUEST payload into its header and message bytes.
    public func requestParts() throws(RPCError) -> (header: Oms_V1_RequestHeader, message: [UInt8]) {
        guard payload.count >= 4 else {
            throw RPCError(.invalidArgument, "REQUEST payload of \(payload.count) bytes is shorter than its 4-byte header length")
        }
        let headerLength = Int(payload.readBigEndianUInt32(at: 0))
        guard headerLength <= payload.count - 4 else {
            throw RPCError(.invalidArgument, "REQUEST header length \(headerLength) exceeds the payload (\(payload.count - 4) bytes)")
        }
        let header: Oms_V1_RequestHeader
        do {
            header = try Oms_V1_RequestHeader(serializedBytes: Array(payload[4..<4 + headerLength]))
        } catch {
            throw RPCError(.invalidArgument, "REQUEST header is not a valid oms.v1.RequestHeader")
        }
        if let problem = header.inputProblem { throw problem }
        return (header, Array(payload[(4 + headerLength)...]))
    }

    public func decode<M: SwiftProtobuf.Message>(_ type: M.Type) throws(RPCError) -> M {
        do {
            return try M(serializedBytes: payload)
        } catch {
            throw RPCError(.invalidArgument, "\(self.type) payload is not a valid \(M.protoMessageName)")
        }
    }

    public var pingOpaque: UInt64 {
        guard payload.count == 8 else { return 0 }
        return UInt64(payload.readBigEndianUInt32(at: 0)) << 32 | UInt64(payload.readBigEndianUInt32(at: 4))
    }
}

/// Serializes a message; encoding a well-formed in-memory message cannot fail
/// except for missing required fields, which proto3 does not have.
public func serialize(_ message: some SwiftProtobuf.Message) -> [UInt8] {
    (try? message.serializedBytes()) ?? []
}
