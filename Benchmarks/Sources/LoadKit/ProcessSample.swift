import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// CPU time and memory of the daemon, from /proc (Linux).
public struct ProcessSample: Sendable {
    /// utime + stime of the daemon process, in seconds.
    public var cpuSeconds: Double
    /// The same summed over the daemon, the extra roots (the embedded
    /// PostgreSQL server, which pg_ctl detaches) and every live descendant
    /// of them.
    public var treeCPUSeconds: Double
    public var rssBytes: UInt64
    public var peakRSSBytes: UInt64

    public static func read(pid: Int32, alsoCounting roots: [Int32] = []) -> ProcessSample? {
        let table = processTable()
        guard let own = table[pid] else { return nil }
        var tree = Array(Set([pid] + roots.filter { table[$0] != nil }))
        var index = 0
        while index < tree.count {
            let parent = tree[index]
            tree.append(contentsOf: table.filter { $0.value.parent == parent && !tree.contains($0.key) }.map(\.key))
            index += 1
        }
        let ticks = Double(max(sysconf(Int32(_SC_CLK_TCK)), 1))
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return ProcessSample(
            cpuSeconds: Double(own.ticks) / ticks,
            treeCPUSeconds: Double(tree.compactMap { table[$0]?.ticks }.reduce(0, +)) / ticks,
            rssBytes: kilobytes(status, field: "VmRSS:") * 1024,
            peakRSSBytes: kilobytes(status, field: "VmHWM:") * 1024)
    }

    /// pid -> (parent pid, utime + stime in clock ticks) for every process.
    private static func processTable() -> [Int32: (parent: Int32, ticks: UInt64)] {
        var table: [Int32: (parent: Int32, ticks: UInt64)] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8) else { continue }
            // The command name may hold spaces and parentheses: fields start after the last ')'.
            guard let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // fields[0] is state (field 3 of proc(5)); ppid is field 4, utime 14, stime 15.
            guard fields.count > 12, let parent = Int32(fields[1]), let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { continue }
            table[pid] = (parent, user + system)
        }
        return table
    }

    private static func kilobytes(_ status: String, field: String) -> UInt64 {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return 0 }
        return line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) } ?? 0
    }
}

/// The daemon's use of the machine over the measured interval.
public struct DaemonUsage: Codable, Sendable {
    public var cpuSeconds: Double
    /// Daemon CPU seconds per wall second (1.0 = one core busy).
    public var cpuCores: Double
    public var treeCPUSeconds: Double
    public var treeCPUCores: Double
    public var rssBytes: UInt64
    public var peakRSSBytes: UInt64

    public init(from first: ProcessSample, to last: ProcessSample, seconds: Double) {
        cpuSeconds = last.cpuSeconds - first.cpuSeconds
        treeCPUSeconds = max(last.treeCPUSeconds - first.treeCPUSeconds, 0)
        cpuCores = cpuSeconds / max(seconds, 1e-9)
        treeCPUCores = treeCPUSeconds / max(seconds, 1e-9)
        rssBytes = last.rssBytes
        peakRSSBytes = last.peakRSSBytes
    }
}
