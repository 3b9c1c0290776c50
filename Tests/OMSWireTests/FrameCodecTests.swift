import OMSProto
import Testing

@testable import OMSWire

@Suite("Frame codec")
struct FrameCodecTests {
    static let samples: [Frame] = {
        var header = Oms_V1_RequestHeader()
        header.method = "oms.v1.Health/Check"
        header.timeoutMicros = 250_000
        header.metadata = ["tenant": "acme"]
        return [
            ClientConnectionStateMachine<Int>.hello(agent: "test"),
            .request(streamID: 7, header: header, message: [1, 2, 3]),
            .message(streamID: 7, [0xAA, 0xBB]),
            .message(streamID: 9, []),
            .status(streamID: 7, RPCError(.notFound, "no such order")),
            .cancel(streamID: 0xFFFF_FFFE),
            .ping(0x0102_0304_0506_0708),
            .ping(42, ack: true),
            .goAway(.ok, reason: "bye"),
        ]
    }()

    @Test("every frame type round-trips", arguments: samples)
    func roundTrip(_ frame: Frame) throws {
        var decoder = FrameDecoder(maxPayloadSize: 1 << 20)
        decoder.append(frame.encoded)
        let decoded = try #require(try decoder.nextFrame())
        #expect(decoded == frame)
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func sampleSetCoversEveryFrameType() {
        #expect(Set(Self.samples.map(\.type)) == Set(FrameType.allCases))
    }

    @Test func headerLayoutIsBigEndian() {
        let frame = Frame(type: .message, flags: .endStream, streamID: 0x0102_0304, payload: [9, 8])
        #expect(frame.encoded == [0, 0, 0, 2, 0x03, 0x01, 0x01, 0x02, 0x03, 0x04, 9, 8])
    }

    @Test func frameDeliveredOneByteAtATime() throws {
        let frames = Self.samples
        let bytes = frames.flatMap(\.encoded)
        var decoder = FrameDecoder(maxPayloadSize: 1 << 20)
        var decoded: [Frame] = []
        for byte in bytes {
            decoder.append([byte])
            while let frame = try decoder.nextFrame() { decoded.append(frame) }
        }
        #expect(decoded == frames)
        try decoder.finish()
    }

    @Test func manyFramesInOneRead() throws {
        let frames = (1...500).map { Frame.message(streamID: UInt32($0), Array(repeating: UInt8($0 % 256), count: $0 % 37)) }
        var decoder = FrameDecoder(maxPayloadSize: 1 << 20)
        decoder.append(frames.flatMap(\.encoded))
        var decoded: [Frame] = []
        while let frame = try decoder.nextFrame() { decoded.append(frame) }
        #expect(decoded == frames)
    }

    @Test func readsSplitAtEveryBoundary() throws {
        let bytes = Self.samples.flatMap(\.encoded)
        for split in 1..<bytes.count {
            var decoder = FrameDecoder(maxPayloadSize: 1 << 20)
            var decoded: [Frame] = []
            decoder.append(bytes[..<split])
            while let frame = try decoder.nextFrame() { decoded.append(frame) }
            decoder.append(bytes[split...])
            while let frame = try decoder.nextFrame() { decoded.append(frame) }
            #expect(decoded == Self.samples, "split at \(split)")
        }
    }

    @Test func unknownFrameTypeIsRejected() {
        var decoder = FrameDecoder(maxPayloadSize: 1024)
        decoder.append([0, 0, 0, 0, 0x7F, 0, 0, 0, 0, 1])
        #expect(throws: FrameError.unknownFrameType(0x7F)) { try decoder.nextFrame() }
    }

    @Test func oversizeFrameIsRejectedFromItsHeaderAlone() {
        var decoder = FrameDecoder(maxPayloadSize: 1024)
        // Only the header: the decoder must not wait for 1025 bytes of payload.
        decoder.append([0, 0, 0x04, 0x01, FrameType.message.rawValue, 0, 0, 0, 0, 1])
        #expect(throws: FrameError.frameTooLarge(length: 1025, limit: 1024)) { try decoder.nextFrame() }
    }

    @Test func frameAtTheLimitIsAccepted() throws {
        var decoder = FrameDecoder(maxPayloadSize: 1024)
        decoder.append(Frame.message(streamID: 1, Array(repeating: 7, count: 1024)).encoded)
        #expect(try decoder.nextFrame()?.payload.count == 1024)
    }

    @Test func truncatedHeaderIsReportedAtEndOfStream() throws {
        var decoder = FrameDecoder(maxPayloadSize: 1024)
        decoder.append([0, 0, 0, 5, 0x03])
        #expect(try decoder.nextFrame() == nil)
        #expect(throws: FrameError.truncated(bufferedBytes: 5)) { try decoder.finish() }
    }

    @Test func truncatedPayloadIsReportedAtEndOfStream() throws {
        var decoder = FrameDecoder(maxPayloadSize: 1024)
        decoder.append(Array(Frame.message(streamID: 1, [1, 2, 3, 4]).encoded.dropLast()))
        #expect(try decoder.nextFrame() == nil)
        #expect(throws: FrameError.truncated(bufferedBytes: 13)) { try decoder.finish() }
    }

    @Test func requestPayloadSplitsIntoHeaderAndMessage() throws {
        var header = Oms_V1_RequestHeader()
        header.method = "oms.v1.OrderService/Submit"
        header.idempotencyKey = "erp-42"
        let frame = Frame.request(streamID: 3, header: header, message: [5, 6, 7])
        let parts = try frame.requestParts()
        #expect(parts.header == header)
        #expect(parts.message == [5, 6, 7])
        #expect(frame.flags.contains(.endStream))
    }

    @Test func requestWithHeaderLengthBeyondPayloadIsInvalid() {
        let frame = Frame(type: .request, streamID: 1, payload: [0, 0, 0, 99, 1, 2])
        #expect(throws: RPCError.self) { try frame.requestParts() }
    }
}
