public import OMSProto
public import OMSWire
import Synchronization

/// The handler's end of one stream: send messages, finish with a status, learn
/// of cancellation. Safe to use from any thread; after the stream ended
/// (finished, cancelled by the client, or past its deadline) sends are dropped.
public final class ServerStream: Sendable {
    public let id: UInt32
    private let connection: ServerConnection
    private let state = Mutex(State())

    private struct State {
        var ended = false
        var cancelled = false
        var onCancel: [@Sendable () -> Void] = []
    }

    init(id: UInt32, connection: ServerConnection) {
        self.id = id
        self.connection = connection
    }

    /// True once the client cancelled the stream, its deadline passed or the connection closed.
    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Waits while the client has much unread (polling every few
    /// milliseconds), so a handler that sends a lot (a Watch replaying a
    /// journal) goes at the client's pace instead of getting it disconnected.
    /// Throws CancellationError once the stream ended.
    public func waitForRoom() async throws {
        while !connection.clientHasRoom {
            guard !state.withLock({ $0.ended || $0.cancelled }) else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Sends one response message. Returns false if the stream has already ended.
    @discardableResult
    public func send(_ message: [UInt8]) -> Bool {
        guard !state.withLock({ $0.ended }) else { return false }
        connection.handlerSent(streamID: id, message: message)
        return true
    }

    /// Ends the stream with a status.
    public func finish(_ status: Oms_V1_Status) {
        guard markEnded() else { return }
        connection.handlerFinished(streamID: id, message: nil, status: status)
    }

    /// Ends a unary call: its one response and OK, delivered together.
    public func finish(response: [UInt8]) {
        guard markEnded() else { return }
        connection.handlerFinished(streamID: id, message: response, status: .ok)
    }

    /// Ends the stream with the status an error maps to.
    public func finish(error: any Error) {
        finish(RPCError(wrapping: error).status)
    }

    /// Runs `body` when the stream is cancelled (at once if it already is).
    public func onCancel(_ body: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.cancelled { return true }
            state.onCancel.append(body)
            return false
        }
        if runNow { body() }
    }

    /// Called by the connection: the client will not read any more.
    func cancel() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.cancelled else { return [] }
            state.cancelled = true
            state.ended = true
            defer { state.onCancel.removeAll() }
            return state.onCancel
        }
        callbacks.forEach { $0() }
    }

    private func markEnded() -> Bool {
        state.withLock { state in
            if state.ended { return false }
            state.ended = true
            state.onCancel.removeAll()
            return true
        }
    }
}

extension RPCError {
    /// Any error as a status: RPC errors as they are, cancellation as CANCELLED, the rest INTERNAL.
    public init(wrapping error: any Error) {
        switch error {
        case let error as RPCError: self = error
        case is CancellationError: self = RPCError(.cancelled, "cancelled")
        default: self = RPCError(.internal, "internal error: \(error)")
        }
    }
}
