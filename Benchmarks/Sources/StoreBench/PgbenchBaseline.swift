import Foundation

/// Runs pgbench (a one-row INSERT per transaction, autocommit) against the
/// same cluster, same client count and duration, into a table shaped like the
/// journal. Returns tps, or nil when pgbench is not installed.
func runPgbench(socketDirectory: String, database: String, clients: Int, seconds: Double) throws -> Double? {
    let pgbench = ["/usr/bin/pgbench", "/usr/lib/postgresql/15/bin/pgbench"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    guard let pgbench else { return nil }
    let script = NSTemporaryDirectory() + "oms-pgbench-\(UUID().uuidString.prefix(8)).sql"
    let payload = String(repeating: "ab", count: 120)
    try """
    INSERT INTO pgbench_journal (shard, seq, event_type, payload) VALUES ('bench-' || :client_id, nextval('pgbench_journal_seq'), 'BenchEvent', '\\\\x\(payload)'::bytea);

    """.write(toFile: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: script) }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: pgbench)
    process.arguments = [
        "-h", socketDirectory, "-U", "postgres", "-n", "-c", String(clients), "-j", "2", "-T",
        String(Int(seconds.rounded(.up))), "-f", script, database,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
        let tps = Double(line.dropFirst(6).prefix { $0 == "." || $0.isNumber })
    else {
        print("pgbench failed: \(text)")
        return nil
    }
    return tps
}
