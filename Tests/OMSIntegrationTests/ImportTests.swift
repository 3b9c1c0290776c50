import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf
import Testing

/// `omsctl import` as an operator runs it: the real binary against a real
/// daemon, a file with a bad row and an order the daemon already has.
@Suite("Import", .serialized)
struct ImportTests {
    @Test func badRowFailsAloneAndDuplicatesAreNotSubmittedTwice() async throws {
        let daemon = try await DaemonProcess.start()
        defer { daemon.terminateSync() }
        let client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }

        // PO-1 is already there, with the content the file repeats.
        var earlier = OrderTests.submitRequest(external: "PO-1", quantity: "5")
        earlier.channel = .import
        earlier.lines[0].dueDate = Google_Protobuf_Timestamp(date: try Self.endOfDay("2026-12-24"))
        let _: Oms_V1_SubmitOrderResponse = try await client.unary("oms.v1.OrderService/Submit", earlier)

        let csv = """
            source_system,external_order_id,customer_id,plant_id,line_id,item_id,quantity,due_date,customer_reference
            sap-prd,PO-1,C-ACME,P1,10,SHAFT-20,5,2026-12-24,
            sap-prd,PO-2,C-ACME,P1,10,SHAFT-20,3,2026-12-20,"call ""Jo"", dock 4"
            sap-prd,PO-2,C-ACME,P1,20,SHAFT-20,4,2026-12-21T08:00:00Z,"call ""Jo"", dock 4"
            sap-prd,PO-3,C-ACME,P1,10,SHAFT-20,-1,2026-12-22,

            """
        let file = NSTemporaryDirectory() + "omsctl-import-\(UUID().uuidString.prefix(8)).csv"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let run = try await CommandProcess.run(Self.omsctl(), ["import", file, "--socket", daemon.socketPath])
        #expect(run.status == 1, "a failed order makes the exit status 1")
        #expect(run.stderr.contains("line 5: INVALID_ARGUMENT"), "the bad row is named: \(run.stderr)")
        #expect(run.stdout.contains("imported 2 (created 1, already there 1), failed 1"), "summary: \(run.stdout) \(run.stderr)")

        // Running the same file again adds nothing.
        let again = try await CommandProcess.run(Self.omsctl(), ["import", file, "--socket", daemon.socketPath])
        #expect(again.status == 1)
        #expect(again.stdout.contains("imported 2 (created 0, already there 2), failed 1"), "summary: \(again.stdout)")

        var list = Oms_V1_ListOrdersRequest()
        list.plantID = "P1"
        let listed: Oms_V1_ListOrdersResponse = try await client.unary("oms.v1.OrderService/List", list)
        #expect(listed.orders.map(\.externalOrderID).sorted() == ["PO-1", "PO-2"])
        let two = try #require(listed.orders.first { $0.externalOrderID == "PO-2" })
        #expect(two.lines.map(\.quantity) == ["3", "4"], "rows of one order become its lines, in row order")
        #expect(two.customerReference == "call \"Jo\", dock 4")
        #expect(two.channel == .import)
        #expect(await daemon.terminate() == 0)
    }

    /// `$OMSCTL_BINARY`, else the omsctl built next to omsd.
    static func omsctl() -> URL {
        if let path = ProcessInfo.processInfo.environment["OMSCTL_BINARY"] { return URL(fileURLWithPath: path) }
        return DaemonProcess.binary().deletingLastPathComponent().appendingPathComponent("omsctl")
    }

    /// The due date `omsctl` gives a date: the end of that day, UTC.
    static func endOfDay(_ day: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return try #require(formatter.date(from: day)).addingTimeInterval(86_399)
    }
}

/// A child process run to its end, its output collected, off the concurrency pool.
struct CommandProcess: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(_ executable: URL, _ arguments: [String]) async throws -> CommandProcess {
        try await offPool {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Read both to the end before waiting, so a full pipe cannot stall the child.
            let errorData = OutputCollector(err.fileHandleForReading)
            let outputData = out.fileHandleForReading.readDataToEndOfFile()
            return CommandProcess(
                status: exitStatus(process),
                stdout: String(decoding: outputData, as: UTF8.self),
                stderr: String(decoding: errorData.wait(), as: UTF8.self)
            )
        }
    }
}

/// Reaps the child with waitpid, as DaemonProcess does; the exit status, or -1 if it did not exit normally.
private func exitStatus(_ process: Process) -> Int32 {
    var status: Int32 = 0
    let pid = process.processIdentifier
    while waitpid(pid, &status, 0) == -1 {
        if errno == EINTR { continue }
        // Foundation's monitor reaped it first; it records the status.
        while process.isRunning { usleep(5_000) }
        return process.terminationReason == .exit ? process.terminationStatus : -1
    }
    // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
    return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
}

/// Drains a pipe on a thread of its own.
final class OutputCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written by the reading thread before `done` is signalled, read after.
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
