internal import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

/// Runs server tools (initdb, pg_ctl) to completion, as the service user when
/// we are root (PostgreSQL refuses to run as root). Output goes to a log file,
/// not a pipe. posix_spawn + waitpid rather than Foundation's Process, whose
/// waitUntilExit never returns after `pg_ctl start` (the daemonised postmaster
/// keeps a descriptor Process watches).
struct ProcessRunner: Sendable {
    var runAsUser: String?
    var logFile: String

    struct Failure: Error {
        var status: Int32
        var output: String
    }

    func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let argv: [String]
        if let runAsUser {
            argv = [Self.runuserPath, "-u", runAsUser, "--", executable] + arguments
        } else {
            argv = [executable] + arguments
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArguments.append(nil)
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw Failure(status: -1, output: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(status: -1, output: "waitpid failed: errno \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS by hand (macros are not imported).
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
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
