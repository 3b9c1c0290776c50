import Benchmark
import OMSProto
import OMSWire

/// Frames per measured run. The `ops` tag names it, so that per-frame
/// figures can be derived from the exported run times (scripts/bench-micro).
private let frames = 1_000
/// What a socket read delivers at most: the decoder sees frames split across reads.
private let readSize = 16 * 1024

let benchmarks: @Sendable () -> Void = {
    // Built here: Benchmark.Configuration is not Sendable, so it cannot be a global.
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
        tags: ["ops": "\(frames)"],
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 2_000
    )
    // Client side: header serialised and framed per call, into one reused output buffer.
    Benchmark("Frame encode: Reserve request", configuration: configuration) { benchmark in
        var outbound: [UInt8] = []
        outbound.reserveCapacity(frames * 256)
        for index in 0..<frames {
            Frame.request(streamID: UInt32(2 * index + 1), header: SampleFrames.header, message: SampleFrames.request)
                .encode(into: &outbound)
        }
        blackHole(outbound)
    }

    // Server side: the reply message and a STATUS OK frame per call.
    Benchmark("Frame encode: Reserve response (MESSAGE + STATUS)", configuration: configuration) { benchmark in
        var outbound: [UInt8] = []
        outbound.reserveCapacity(frames * 256)
        for index in 0..<frames {
            let id = UInt32(2 * index + 1)
            Frame.message(streamID: id, SampleFrames.response).encode(into: &outbound)
            Frame.status(streamID: id, Oms_V1_Status.ok).encode(into: &outbound)
        }
        blackHole(outbound)
    }

    // Server side: frames split out of 16 KiB reads, then the request header parsed.
    let requests = SampleFrames.requestStream(count: frames)
    Benchmark("Frame decode: Reserve request (+ header)", configuration: configuration) { benchmark in
        var decoder = FrameDecoder(maxPayloadSize: 4 << 20)
        var decoded = 0
        var offset = 0
        while offset < requests.count {
            let end = min(offset + readSize, requests.count)
            decoder.append(requests[offset..<end])
            offset = end
            while let frame = try? decoder.nextFrame() {
                if let parts = try? frame.requestParts() { blackHole(parts) }
                decoded += 1
            }
        }
        precondition(decoded == frames, "decoded \(decoded) of \(frames) frames")
    }

    // Client side: MESSAGE and STATUS frames split out of 16 KiB reads, the status parsed.
    let responses = SampleFrames.responseStream(count: frames)
    Benchmark("Frame decode: Reserve response (MESSAGE + STATUS)", configuration: configuration) { benchmark in
        var decoder = FrameDecoder(maxPayloadSize: 4 << 20)
        var statuses = 0
        var offset = 0
        while offset < responses.count {
            let end = min(offset + readSize, responses.count)
            decoder.append(responses[offset..<end])
            offset = end
            while let frame = try? decoder.nextFrame() {
                if frame.type == .status, let status = try? frame.decode(Oms_V1_Status.self) {
                    blackHole(status)
                    statuses += 1
                } else {
                    blackHole(frame.payload)
                }
            }
        }
        precondition(statuses == frames, "decoded \(statuses) of \(frames) statuses")
    }
}
