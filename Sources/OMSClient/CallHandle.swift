import OMSWire
import Synchronization

/// One call's client-side end: where its response goes, and its stream id once open.
/// Completion happens exactly once, whichever comes first: the status, a
/// cancellation, the deadline or the connection closing.
final class CallHandle: Sendable {
    enum Sink: Sendable {
        case unary
        case stream(AsyncThrowingStream<[UInt8], any Error>.Continuation)
    }

    private struct State {
        var streamID: UInt32?
        var unaryMessage: [UInt8]?
        var continuation: CheckedContinuation<[UInt8], any Error>?
        var result: Result<[UInt8], any Error>?
        var completed = false
    }

    let sink: Sink
    private let state = Mutex(State())

    init(sink: Sink) {
        self.sink = sink
    }

    var streamID: UInt32? {
        get { state.withLock { $0.streamID } }
        set { state.withLock { $0.streamID = newValue } }
    }

    var isCompleted: Bool { state.withLock { $0.completed } }

    /// A unary call's continuation; it is resumed at once if the call already ended.
    func attach(_ continuation: CheckedContinuation<[UInt8], any Error>) {
        let ready = state.withLock { state -> Result<[UInt8], any Error>? in
            if let result = state.result { return result }
            state.continuation = continuation
            return nil
        }
        if let ready { continuation.resume(with: ready) }
    }

    func messageReceived(_ bytes: [UInt8]) {
        switch sink {
        case .unary:
            state.withLock { $0.unaryMessage = bytes }
        case .stream(let continuation):
            continuation.yield(bytes)
        }
    }

    func finished(_ status: RPCError?) {
        let message = state.withLock { $0.unaryMessage }
        if let status {
            complete(.failure(status))
        } else if case .unary = sink, message == nil {
            complete(.failure(RPCError(.internal, "server ended a unary call without a response message")))
        } else {
            complete(.success(message ?? []))
        }
    }

    func complete(_ result: Result<[UInt8], any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<[UInt8], any Error>? in
            guard !state.completed else { return nil }
            state.completed = true
            state.result = result
            defer { state.continuation = nil }
            return state.continuation
        }
        switch sink {
        case .unary:
            continuation?.resume(with: result)
        case .stream(let stream):
            switch result {
            case .success: stream.finish()
            case .failure(let error): stream.finish(throwing: error)
            }
        }
    }
}
