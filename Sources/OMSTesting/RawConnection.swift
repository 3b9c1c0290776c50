public import OMSClient
public import OMSWire
import Synchronization

/// A connection that sends hand-made bytes and collects the frames that come
/// back: for tests of malformed input and protocol edge cases.
public final class RawConnection: ClientByteReceiver {
    private struct State {
        var decoder = FrameDecoder(maxPayloadSize: 64 << 20)
        var frames: [Frame] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let channel = Mutex<(any ClientByteChannel)?>(nil)

    public init() {}

    public static func open(_ transport: any ClientTransport) async throws -> RawConnection {
        let connection = RawConnection()
        let channel = try await transport.connect(receiver: connection)
        connection.channel.withLock { $0 = channel }
        return connection
    }

    public func send(_ bytes: [UInt8]) {
        channel.withLock { $0 }?.write(bytes)
    }

    public func send(_ frames: Frame...) {
        send(frames.flatMap(\.encoded))
    }

    /// Sends the client HELLO and returns the server's answer.
    public func handshake() async throws -> Frame? {
        send(ClientConnectionStateMachine<Int>.hello(agent: "raw-test"))
        return try await nextFrame()
    }

    /// The next frame, or nil once the server closed the connection. Gives up after `timeout`.
    public func nextFrame(timeout: Duration = .seconds(30)) async throws -> Frame? {
        let deadline = ContinuousClock.now + timeout
        while true {
            // Look once more after the deadline: on a loaded machine the sleep itself may overrun it.
            let expired = ContinuousClock.now >= deadline
            let (frame, closed) = state.withLock { state -> (Frame?, Bool) in
                state.frames.isEmpty ? (nil, state.closed) : (state.frames.removeFirst(), false)
            }
            if let frame { return frame }
            if closed { return nil }
            if expired { throw RPCError(.deadlineExceeded, "no frame within \(timeout)") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Waits for the server to close the connection.
    public func waitUntilClosed(timeout: Duration = .seconds(30)) async throws -> [Frame] {
        var rest: [Frame] = []
        while let frame = try await nextFrame(timeout: timeout) { rest.append(frame) }
        return rest
    }

    public func close() {
        channel.withLock { $0 }?.close()
    }

    public func received(_ bytes: [UInt8]) {
        state.withLock { state in
            state.decoder.append(bytes)
            while let frame = try? state.decoder.nextFrame() { state.frames.append(frame) }
        }
    }

    public func closed() {
        state.withLock { $0.closed = true }
    }
}
