internal import Foundation

extension EmbeddedPostgres {
    /// Unix socket paths are limited to 107 bytes; a long data directory gets
    /// its socket in a short, stable directory under /tmp instead.
    static func socketDirectory(for configuration: EmbeddedPostgresConfiguration) -> String {
        let preferred = configuration.preferredSocketDirectory
        let socketFile = "/.s.PGSQL.\(configuration.port)"
        if (preferred + socketFile).utf8.count <= 100 { return preferred }
        return "/tmp/omsd-pg-" + String(fnv1a(configuration.dataDirectory), radix: 16)
    }

    static func validate(_ configuration: EmbeddedPostgresConfiguration) throws {
        // pg_ctl hands paths to a shell inside double quotes; refuse characters
        // that could escape them rather than trying to quote around them.
        let forbidden: Set<Character> = ["\"", "'", "\n", "\r", "`", "$", "\\"]
        if configuration.dataDirectory.contains(where: forbidden.contains) {
            throw StoreError(
                kind: .embeddedServer,
                message: "data directory path must not contain quotes, backslashes, $ or newlines")
        }
        let allowed = configuration.databaseName.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        if configuration.databaseName.isEmpty || !allowed {
            throw StoreError(kind: .embeddedServer, message: "database name must be letters, digits and _")
        }
    }

    static func findBinDirectory() throws -> String {
        let files = FileManager.default
        let root = "/usr/lib/postgresql"
        let versions = ((try? files.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() where files.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        throw StoreError(
            kind: .embeddedServer,
            message: "PostgreSQL server binaries not found under \(root) (install the postgresql package)")
    }

    /// Gives the service user the cluster's files (the server refuses to run
    /// as root and needs to own its data directory).
    static func handOver(_ paths: [String], to user: String) throws {
        guard let account = getpwnam(user) else {
            throw StoreError(kind: .embeddedServer, message: "user \(user) does not exist (it runs PostgreSQL)")
        }
        let uid = account.pointee.pw_uid
        let gid = account.pointee.pw_gid
        let files = FileManager.default
        for path in paths {
            if !files.fileExists(atPath: path) { _ = files.createFile(atPath: path, contents: nil) }
            guard chown(path, uid, gid) == 0 else {
                throw StoreError(kind: .embeddedServer, message: "chown \(path) failed: errno \(errno)")
            }
            if let enumerator = files.enumerator(atPath: path) {
                for case let relative as String in enumerator {
                    _ = chown(path + "/" + relative, uid, gid)
                }
            }
        }
    }

    static func appendInclude(to configFile: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: configFile))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n# Settings managed by omsd.\ninclude_if_exists = 'omsd.conf'\n".utf8))
    }

    static func quoteSetting(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
