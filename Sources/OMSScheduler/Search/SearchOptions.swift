#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds and knobs of the improvement search.
///
/// Determinism: for a given model, seed, `threads` and `maxIterations`, the
/// search returns the same plan every time, provided the time limit and
/// cancellation do not cut it short (they are checked between iterations, so
/// a run cut by time depends on machine speed).
public struct SearchOptions: Sendable, Hashable {
    /// Wall-clock budget. Default 10 s; the search never runs unbounded.
    public var timeLimit: Duration
    /// Iterations per thread; `nil` means bounded by time only.
    public var maxIterations: Int?
    /// Number of search threads, each with its own seed.
    public var threads: Int
    /// Base seed.
    public var seed: UInt64
    /// Iterations per thread between two exchanges of the best plan;
    /// `nil` picks one from the model size.
    public var epochIterations: Int?

    /// Creates options.
    public init(
        timeLimit: Duration = .seconds(10), maxIterations: Int? = nil, threads: Int = SearchOptions.processorCount,
        seed: UInt64 = 1, epochIterations: Int? = nil
    ) {
        self.timeLimit = timeLimit
        self.maxIterations = maxIterations
        self.threads = max(1, threads)
        self.seed = seed
        self.epochIterations = epochIterations
    }

    /// Online processors on this machine.
    public static var processorCount: Int {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }
}

/// Why a search stopped.
public enum StopReason: String, Sendable, Hashable, Codable {
    case iterationLimit, timeLimit, cancelled
}

/// The result of a search.
public struct SearchResult: Sendable {
    /// The best plan found (never worse than the starting plan).
    public var plan: Plan
    /// The plan the search started from.
    public var initialCost: Double
    /// Total iterations over all threads.
    public var iterations: Int
    /// Threads used.
    public var threads: Int
    /// Wall-clock time spent.
    public var elapsed: Duration
    /// Why it stopped.
    public var stopReason: StopReason
}
