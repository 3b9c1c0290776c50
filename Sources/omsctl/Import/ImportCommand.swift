import ArgumentParser
import Foundation
import OMSClient
import OMSProto

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Submit orders in bulk from CSV or JSON Lines (idempotent by business key).",
        discussion: """
            CSV: a header row, then one row per order line with columns source_system, external_order_id, \
            customer_id, plant_id, line_id, item_id, quantity, unit, due_date, priority, customer_reference \
            (unit, priority and customer_reference optional; plant_id and source_system may come from --plant \
            and --source). Rows with the same source_system and external_order_id are one order.
            JSONL: one order per line, {"source_system": ..., "external_order_id": ..., "customer_id": ..., \
            "plant_id": ..., "priority": ..., "lines": [{"line_id": ..., "item_id": ..., "quantity": "5", \
            "unit": ..., "due_date": ...}]}.
            Good orders are kept when others fail. Exit status 1 when any order failed.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl
    }

    enum Channel: String, ExpressibleByArgument, CaseIterable {
        case erp, crm, ecommerce, `import`, manual

        var proto: Oms_V1_OrderChannel {
            switch self {
            case .erp: return .erp
            case .crm: return .crm
            case .ecommerce: return .ecommerce
            case .import: return .import
            case .manual: return .manual
            }
        }
    }

    @OptionGroup var daemon: DaemonOptions
    @Argument(help: "A .csv or .jsonl file, or - for standard input (then --format is required).") var file: String
    @Option(help: "csv or jsonl (default: by the file's extension).") var format: Format?
    @Option(help: "Plant for rows that name none.") var plant: String?
    @Option(help: "Sending system for rows that name none.") var source: String?
    @Option(help: "Channel recorded on the orders.") var channel: Channel = .import
    @Option(help: "Submissions in flight at once.") var concurrency: Int = 16

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        if file == "-" && format == nil { throw ValidationError("reading standard input needs --format csv|jsonl") }
        _ = try resolvedFormat()
    }

    func run() async throws {
        let defaults = ImportDefaults(plant: plant, source: source, channel: channel.proto)
        let orders: [ImportedOrder]
        switch try resolvedFormat() {
        case .csv: orders = try CSVOrders.orders(try readInput(), defaults: defaults)
        case .jsonl: orders = JSONLOrders.orders(try readInput(), defaults: defaults)
        }
        let client = try await daemon.connect()
        defer { client.close() }
        let report = ImportReport(await ImportSubmitter.submit(orders, client: client, inFlight: concurrency))
        switch daemon.output {
        case .table: report.printTable()
        case .json: try report.printJSON()
        }
        if report.failed > 0 { throw ExitCode.failure }
    }

    private func resolvedFormat() throws -> Format {
        if let format { return format }
        switch URL(fileURLWithPath: file).pathExtension.lowercased() {
        case "csv": return .csv
        case "jsonl", "ndjson": return .jsonl
        default: throw ValidationError("cannot tell the format of '\(file)' by its extension: give --format csv|jsonl")
        }
    }

    private func readInput() throws -> String {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ImportParseError("cannot read '\(file)': \(error.localizedDescription)")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ImportParseError("'\(file)' is not UTF-8 text") }
        return text
    }
}
