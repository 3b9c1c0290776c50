/// What a server connection needs from its transport: one serial executor it
/// is confined to (an event loop, a dispatch queue), timers on it, and a way to
/// write bytes. NIO and the in-process transport both provide these.
public protocol ConnectionExecutor: Sendable {
    /// True when the caller is already running on this executor.
    var inExecutor: Bool { get }
    func execute(_ work: @escaping @Sendable () -> Void)
    func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void) -> any CancellableTimer
}

public protocol CancellableTimer: Sendable {
    func cancel()
}

public protocol ConnectionOutput: Sendable {
    /// Writes and flushes bytes; called on the connection's executor.
    func write(_ bytes: [UInt8])
    /// Bytes written that the peer has not taken yet; may be read from any thread.
    var unsentBytes: Int { get }
    /// Closes the connection once what was written is flushed.
    func close()
    /// Closes the connection now, dropping what the peer has not taken.
    func abort()
}
