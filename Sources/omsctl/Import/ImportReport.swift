import Foundation
import OMSProto

/// The import's result: failures as `line N: CODE message` on stderr and a
/// one-line summary, or all of it as one JSON document.
struct ImportReport: Encodable {
    struct Failure: Encodable {
        var lines: [Int]
        var order: String
        var code: String
        var message: String
        var fieldViolations: [Violation]
    }

    struct Violation: Encodable {
        var field: String
        var description: String
    }

    struct Imported: Encodable {
        var lines: [Int]
        var orderId: String
        var created: Bool
    }

    var imported = 0
    var created = 0
    var alreadyThere = 0
    var failed = 0
    var failures: [Failure] = []
    var orders: [Imported] = []

    init(_ outcomes: [ImportOutcome]) {
        for outcome in outcomes {
            switch outcome.result {
            case .created(let orderID), .alreadyThere(let orderID):
                let isNew: Bool
                if case .created = outcome.result { isNew = true } else { isNew = false }
                imported += 1
                if isNew { created += 1 } else { alreadyThere += 1 }
                orders.append(Imported(lines: outcome.lines, orderId: orderID, created: isNew))
            case .failed(let code, let message, let violations, let line):
                failed += 1
                failures.append(Failure(
                    // The line at fault first, then the order's other lines.
                    lines: Self.faultFirst(outcome.lines, at: line ?? Self.lineNamed(by: violations, in: outcome.lines)),
                    order: outcome.businessKey, code: code, message: message,
                    fieldViolations: violations.map { Violation(field: $0.field, description: $0.description_p) }
                ))
            }
        }
    }

    /// The line at fault first, then the order's other lines.
    private static func faultFirst(_ lines: [Int], at fault: Int?) -> [Int] {
        guard let fault else { return lines }
        return [fault] + lines.filter { $0 != fault }
    }

    /// The server names lines by position ("lines[1].quantity"): the order's second row.
    private static func lineNamed(by violations: [Oms_V1_FieldViolation], in lines: [Int]) -> Int? {
        for violation in violations where violation.field.hasPrefix("lines[") {
            let position = violation.field.dropFirst("lines[".count).prefix { $0.isNumber }
            if let index = Int(position), lines.indices.contains(index) { return lines[index] }
        }
        return nil
    }

    var summary: String {
        "imported \(imported) (created \(created), already there \(alreadyThere)), failed \(failed)"
    }

    func printTable() {
        for failure in failures {
            var text = "line \(failure.lines.first ?? 0): \(failure.code) \(failure.message)"
            // Skip violations the message already spells out.
            let violations = failure.fieldViolations.filter { !failure.message.contains($0.description) }
            if !violations.isEmpty {
                text += " [" + violations.map { "\($0.field): \($0.description)" }.joined(separator: "; ") + "]"
            }
            if failure.lines.count > 1 {
                text += " (order on lines \(failure.lines.sorted().map(String.init).joined(separator: ", ")))"
            }
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
        print(summary)
    }

    func printJSON() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(self), as: UTF8.self))
    }
}
