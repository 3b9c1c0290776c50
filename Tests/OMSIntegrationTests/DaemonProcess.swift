import Foundation
import OMSClient
import OMSStore
import OMSTesting

/// The real omsd binary, started on a private socket and a free TCP port.
/// Its database is the embedded PostgreSQL in its data directory, or, when
/// `OMS_TEST_DATABASE_URL` names a server (key=value form), a fresh database
/// created there for this daemon.
final class DaemonProcess: @unchecked Sendable {
    // Written once in init, then only read.
    let process = Process()
    let socketPath: String
    let tcpPort: Int
    let listeners: [String]
    let dataDirectory: String
    /// Where the daemon's stderr goes (appended to across restarts on the same data).
    let stderrLogPath: String
    /// The external database this daemon uses; nil for the embedded one.
    let databaseURL: String?

    static func temporaryDataDirectory() -> String {
        NSTemporaryDirectory() + "omsd-it-data-\(UUID().uuidString.prefix(8))"
    }

    /// True when the daemons use an external PostgreSQL server.
    static var usesExternalDatabase: Bool {
        !(ProcessInfo.processInfo.environment["OMS_TEST_DATABASE_URL"] ?? "").isEmpty
    }

    /// Starts a daemon without blocking a thread of the concurrency pool (tests run in parallel on few cores).
    /// `previous`: restart on the same data (directory and database) as that daemon had.
    /// `environment`: variables set for the daemon on top of the test's own (fault-injection hooks).
    static func start(
        reusing previous: DaemonProcess? = nil, extraArguments: [String] = [], environment: [String: String] = [:]
    ) async throws -> DaemonProcess {
        try await offPool {
            let databaseURL = try previous?.databaseURL ?? Self.createDatabaseIfExternal()
            return try DaemonProcess(
                dataDirectory: previous?.dataDirectory ?? Self.temporaryDataDirectory(),
                databaseURL: databaseURL,
                extraArguments: extraArguments,
                environment: environment
            )
        }
    }

    /// A connection string to this daemon's database, for checks in SQL.
    func databaseConnectionString() async throws -> String {
        if let databaseURL { return databaseURL }
        let dataDirectory = self.dataDirectory
        return try await offPool { try EmbeddedPostgres.start(EmbeddedPostgresConfiguration(dataDirectory: dataDirectory)).connectionString }
    }

    private static func createDatabaseIfExternal() throws -> String? {
        guard let server = ProcessInfo.processInfo.environment["OMS_TEST_DATABASE_URL"], !server.isEmpty else { return nil }
        let name = "omsd_it_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try PGConnection(connectionString: server)
        defer { admin.close() }
        // `name` is made here of hex digits, never of input.
        try admin.execute("CREATE DATABASE \(name)")
        // In key=value connection strings the last dbname wins.
        return "\(server) dbname=\(name)"
    }

    private init(dataDirectory: String, databaseURL: String?, extraArguments: [String], environment: [String: String]) throws {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        socketPath = NSTemporaryDirectory() + "omsd-it-\(UUID().uuidString.prefix(8)).sock"
        process.executableURL = Self.binary()
        process.arguments = ["--socket", socketPath, "--tcp", "127.0.0.1:0", "--log-level", "warning", "--data-dir", dataDirectory]
            + (databaseURL.map { ["--database-url", $0] } ?? []) + extraArguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        // The daemon's stderr goes to a file beside its data directory, not to the
        // test runner: a daemon orphaned by a crashed test must not hold the
        // runner's output open, and a failed start shows the file's tail.
        stderrLogPath = dataDirectory + ".stderr.log"
        if !FileManager.default.fileExists(atPath: stderrLogPath) {
            _ = FileManager.default.createFile(atPath: stderrLogPath, contents: nil)
        }
        guard let stderrLog = FileHandle(forWritingAtPath: stderrLogPath) else {
            throw DaemonError.exitedEarly(status: nil, stderr: "cannot open \(stderrLogPath)")
        }
        defer { try? stderrLog.close() }
        _ = try? stderrLog.seekToEnd()
        process.standardError = stderrLog
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let line: String
        do {
            line = try Self.readReadyLine(from: stdout.fileHandleForReading.fileDescriptor, within: .seconds(Self.startTimeoutSeconds))
        } catch {
            // Never leave a half-started daemon behind: it would outlive the test.
            let status = Self.signal(SIGKILL, to: process)
            let reason = error == .timedOut ? "not ready after \(Self.startTimeoutSeconds) s" : "exit status \(status.map(String.init) ?? "by signal")"
            throw DaemonError.exitedEarly(status: status, stderr: reason + "; stderr: " + Self.tail(of: stderrLogPath))
        }
        guard line.hasPrefix("omsd ready: ") else { throw DaemonError.unexpectedOutput(line) }
        listeners = line.dropFirst("omsd ready: ".count).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let tcp = listeners.first(where: { $0.hasPrefix("tcp:") }), let port = Int(tcp.split(separator: ":").last ?? "") else {
            throw DaemonError.unexpectedOutput(line)
        }
        tcpPort = port
    }

    var unix: OMSClient.Endpoint { .unix(path: socketPath) }
    var tcp: OMSClient.Endpoint { .tcp(host: "127.0.0.1", port: tcpPort) }

    /// SIGTERM, then waits for the exit; returns the exit status (nil if it did not exit normally).
    @discardableResult
    func terminate() async -> Int32? {
        await offPool { self.signal(SIGTERM) }
    }

    /// For `defer`: stop the daemon (and its PostgreSQL) whatever happened.
    /// The wait for its exit (seconds, while it stops PostgreSQL) runs on a
    /// thread of its own: blocking here would hold one of the concurrency
    /// pool's few threads, which every other suite running meanwhile needs.
    func terminateSync() {
        Thread { [self] in _ = signal(SIGTERM) }.start()
    }

    /// SIGKILL, as a crash would.
    func kill() async {
        _ = await offPool { self.signal(SIGKILL) }
    }

    /// Sends a signal and reaps the process with waitpid: Foundation's own
    /// exit monitoring is not reliable once the daemon has spawned PostgreSQL.
    private func signal(_ number: Int32) -> Int32? {
        Self.signal(number, to: process)
    }

    private static func signal(_ number: Int32, to process: Process) -> Int32? {
        let pid = process.processIdentifier
        Foundation.kill(pid, number)
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
                return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
            }
            if reaped == -1 && errno == ECHILD {
                // Foundation's monitor reaped it first; it records the status.
                while process.isRunning && ContinuousClock.now < deadline { usleep(5_000) }
                return process.terminationReason == .exit ? process.terminationStatus : nil
            }
            usleep(5_000)
        }
        return nil
    }

    /// `$OMSD_BINARY`, else the omsd built next to this test bundle.
    static func binary() -> URL {
        if let path = ProcessInfo.processInfo.environment["OMSD_BINARY"] { return URL(fileURLWithPath: path) }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let sibling = bundleDirectory.appendingPathComponent("omsd")
        if FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
        // Swift Testing may run from a helper; fall back to the package's build folder.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/omsd")
    }

    /// Generous: initdb and a first start on a loaded 2-core machine take seconds, not minutes.
    static let startTimeoutSeconds = 180

    /// The daemon prints one "omsd ready: <listeners>" line once it accepts connections.
    /// Reads it with poll so that neither a daemon that died (EOF) nor one that hangs blocks the test.
    private static func readReadyLine(from descriptor: Int32, within timeout: Duration) throws(StartFailure) -> String {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        while bytes.last != UInt8(ascii: "\n") {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw .timedOut }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, Int32(min(left.components.seconds * 1000 + 1, 1000)))
            if ready < 0 && errno != EINTR { throw .exited }
            if ready <= 0 { continue }
            var byte: UInt8 = 0
            let count = read(descriptor, &byte, 1)
            if count == 1 {
                bytes.append(byte)
            } else if count == 0 || errno != EINTR {
                throw .exited
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private enum StartFailure: Error { case exited, timedOut }

    /// The last lines the daemon wrote to stderr, for failure messages.
    private static func tail(of path: String, maxBytes: Int = 4000) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no stderr log)" }
        return String(decoding: data.suffix(maxBytes), as: UTF8.self)
    }

    enum DaemonError: Error {
        case exitedEarly(status: Int32?, stderr: String)
        case unexpectedOutput(String)
    }
}

/// Runs blocking work (process start-up, waitpid, libpq) on a thread of its own,
/// so the two threads of the concurrency pool stay free for the tests' async work.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
