import Foundation

/// Where the daemon keeps its socket when not told otherwise.
enum DefaultPaths {
    static func socket() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let runtime = environment["RUNTIME_DIRECTORY"], !runtime.isEmpty {
            // systemd's RuntimeDirectory= may list several, colon-separated.
            return "\(runtime.split(separator: ":")[0])/omsd.sock"
        }
        if getuid() == 0 { return "/run/omsd/omsd.sock" }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { return "\(runtime)/omsd/omsd.sock" }
        return "/tmp/omsd-\(getuid())/omsd.sock"
    }

    static func dataDirectory() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let state = environment["STATE_DIRECTORY"], !state.isEmpty { return String(state.split(separator: ":")[0]) }
        if getuid() == 0 { return "/var/lib/omsd" }
        let home = environment["HOME"] ?? "/tmp"
        return "\(home)/.local/share/omsd"
    }
}
