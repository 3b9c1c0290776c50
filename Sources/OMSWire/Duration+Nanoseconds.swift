extension Duration {
    /// Whole nanoseconds, for timer APIs that count them (NIO, Dispatch).
    public var totalNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    /// Whole microseconds, as the protocol's timeouts and counters carry them.
    public var totalMicroseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
