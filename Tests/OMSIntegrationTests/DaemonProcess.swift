import Foundation
import OMSClient
import OMSTesting

/// The real omsd binary, started on a private socket and a free TCP port.
final class DaemonProcess: @unchecked Sendable {
    // Written once in init, then only read.
    let process = Process()
    let socketPath: String
    let tcpPort: Int
    let listeners: [String]
    let dataDirectory: String

    static func temporaryDataDirectory() -> String {
        NSTemporaryDirectory() + "omsd-it-data-\(UUID().uuidString.prefix(8))"
    }

    /// A daemon on `dataDirectory` (a fresh temporary one by default), with its embedded PostgreSQL.
    init(dataDirectory: String = DaemonProcess.temporaryDataDirectory(), extraArguments: [String] = []) throws {
        self.dataDirectory = dataDirectory
        socketPath = NSTemporaryDirectory() + "omsd-it-\(UUID().uuidString.prefix(8)).sock"
        process.executableURL = Self.binary()
        process.arguments = ["--socket", socketPath, "--tcp", "127.0.0.1:0", "--log-level", "warning", "--data-dir", dataDirectory]
            + extraArguments
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        // The daemon prints one "omsd ready: <listeners>" line once it accepts connections.
        var line = ""
        let handle = stdout.fileHandleForReading
        while !line.hasSuffix("\n") {
            let chunk = handle.readData(ofLength: 1)
            guard !chunk.isEmpty else { throw DaemonError.exitedEarly(status: process.terminationStatus) }
            line += String(decoding: chunk, as: UTF8.self)
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
    func terminate() -> Int32? {
        signal(SIGTERM)
    }

    /// SIGKILL, as a crash would.
    func kill() {
        signal(SIGKILL)
    }

    /// Sends a signal and reaps the process with waitpid: Foundation's own
    /// exit monitoring is not reliable once the daemon has spawned PostgreSQL.
    private func signal(_ number: Int32) -> Int32? {
        let pid = process.processIdentifier
        Foundation.kill(pid, number)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, 0)
            if reaped == pid { break }
            if reaped == -1 && errno != EINTR { return nil }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
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

    enum DaemonError: Error {
        case exitedEarly(status: Int32)
        case unexpectedOutput(String)
    }
}
