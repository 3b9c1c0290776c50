internal import Foundation

/// Runs server tools (initdb, pg_ctl) to completion, as the service user when
/// we are root (PostgreSQL refuses to run as root). Output goes to a log file,
/// not a pipe, so a chatty tool or an inherited descriptor cannot block us.
struct ProcessRunner: Sendable {
    var runAsUser: String?
    var logFile: String

    struct Failure: Error {
        var status: Int32
        var output: String
    }

    func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        if let runAsUser {
            process.executableURL = URL(fileURLWithPath: Self.runuserPath)
            process.arguments = ["-u", runAsUser, "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        if !FileManager.default.fileExists(atPath: logFile) {
            _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        defer { try? log.close() }
        try log.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs and throws with the tail of the log when the exit status is not 0.
    func runChecked(_ executable: String, _ arguments: [String]) throws {
        let status = try run(executable, arguments)
        guard status == 0 else {
            throw Failure(status: status, output: tailOfLog())
        }
    }

    func tailOfLog(maxBytes: Int = 2000) -> String {
        guard let data = FileManager.default.contents(atPath: logFile) else { return "" }
        return String(decoding: data.suffix(maxBytes), as: UTF8.self)
    }

    static var runuserPath: String {
        ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        } ?? "/usr/sbin/runuser"
    }
}
