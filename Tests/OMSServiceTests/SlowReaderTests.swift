import Foundation
import OMSClient
import OMSProto
import OMSRPC
import OMSTesting
import OMSWire
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A client that sends requests and never reads the answers is disconnected
/// once it leaves more than `maxUnsentBytes` unread, instead of the server
/// holding the answers without bound; other clients are served throughout.
@Suite("Slow readers")
struct SlowReaderTests {
    @Test(.timeLimit(.minutes(1)))
    func aClientThatDoesNotReadIsDisconnected() async throws {
        let server = try await TestServer(.unix, configuration: .init(maxUnsentBytes: 1 << 20))
        defer { Task { await server.stop() } }
        let listener = try #require(server.environment.listeners.first { $0.hasPrefix("unix:") })
        let socket = try Self.connect(unixPath: String(listener.dropFirst(5)))
        defer { close(socket) }

        // 200 pings of 60 KB each: 12 MB of answers, far more than the socket buffers hold.
        var header = Oms_V1_RequestHeader()
        header.method = "oms.v1.ServerService/Ping"
        let ping = try Oms_V1_PingRequest.with { $0.payload = Data(repeating: 7, count: 60_000) }.serializedBytes() as [UInt8]
        var bytes = ClientConnectionStateMachine<Int>.hello(agent: "never-reads").encoded
        for index in 0..<200 {
            bytes += Frame.request(streamID: UInt32(2 * index + 1), header: header, message: ping).encoded
        }
        Self.writeAll(socket, bytes)

        #expect(await eventually(timeout: .seconds(30)) { server.counters.value(\.connectionsOpen) == 0 }, "the connection is closed")
        let bystander = try await server.makeClient()
        defer { bystander.close() }
        #expect(try await bystander.checkHealth().status == .serving)
    }

    /// A stream that sends far more than the limit, to a client that reads
    /// slowly but reads: the handler waits for room (`waitForRoom`), so every
    /// message arrives and the stream ends OK instead of the client being cut off.
    @Test(.timeLimit(.minutes(2)))
    func aSlowClientThatReadsGetsEverythingAtItsPace() async throws {
        let method = "test.Flood/Send"
        let messages = 200
        let server = try await TestServer(.unix, configuration: .init(maxUnsentBytes: 1 << 20)) { router in
            router.serverStreaming(method) { (_: Oms_V1_PingRequest, _, writer: ResponseWriter<Oms_V1_PingResponse>) in
                let payload = Oms_V1_PingResponse.with { $0.payload = Data(repeating: 7, count: 60_000) }
                for _ in 0..<messages {
                    try await writer.waitForRoom()
                    try writer.send(payload)
                }
            }
        }
        defer { Task { await server.stop() } }
        let listener = try #require(server.environment.listeners.first { $0.hasPrefix("unix:") })
        let socket = try Self.connect(unixPath: String(listener.dropFirst(5)))
        defer { close(socket) }
        var header = Oms_V1_RequestHeader()
        header.method = method
        Self.writeAll(
            socket, ClientConnectionStateMachine<Int>.hello(agent: "slow").encoded + Frame.request(streamID: 1, header: header, message: []).encoded)

        // Read 16 KB at a time with a pause: about 4 MB/s, far slower than the handler could send.
        let frames = await Self.onThread { () -> [Frame] in
            var decoder = FrameDecoder(maxPayloadSize: 1 << 20)
            var frames: [Frame] = []
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while frames.last?.type != .status {
                let read = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                guard read > 0 else { break }
                decoder.append(Array(buffer[..<read]))
                while let frame = try? decoder.nextFrame() { frames.append(frame) }
                usleep(4_000)
            }
            return frames
        }
        let delivered = frames.filter { frame in frame.type == .message && frame.streamID == 1 }
        #expect(delivered.count == messages)
        let status = try #require(frames.last { $0.type == .status })
        #expect(try status.decode(Oms_V1_Status.self).code == .ok)
    }

    /// Runs blocking socket reads on a thread of their own, not the concurrency pool.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    static func connect(unixPath: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in unixPath.utf8.prefix(path.count - 1).enumerated() { path[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, connected == 0 else { throw RPCError(.unavailable, "cannot connect to \(unixPath)") }
        return descriptor
    }

    /// Writes everything (the server reads requests even while its answers pile up).
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }
}
