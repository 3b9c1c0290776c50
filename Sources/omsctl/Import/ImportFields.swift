import Foundation
import OMSProto
import SwiftProtobuf

/// Field checks shared by the CSV and JSONL readers, so both reject the same input.
enum ImportFields {
    /// A decimal > 0 as the contract spells it: digits, optionally a point and more digits.
    static func quantity(_ text: String) throws(ImportParseError) -> String {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digitsOnly = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard digitsOnly, text.contains(where: { $0 != "0" && $0 != "." }) else {
            throw ImportParseError("bad quantity '\(text)': want a decimal greater than 0")
        }
        return text
    }

    /// ISO 8601 date (due at the end of that day, UTC) or date-time.
    static func due(_ text: String) throws(ImportParseError) -> Google_Protobuf_Timestamp {
        do {
            return Google_Protobuf_Timestamp(date: try OrderSubmitCommand.parseDue(text))
        } catch {
            throw ImportParseError("bad due_date '\(text)': want an ISO 8601 date or date-time")
        }
    }

    static func priority(_ text: String) throws(ImportParseError) -> UInt32 {
        if text.isEmpty { return 0 }
        guard let value = UInt32(text), value <= 100 else {
            throw ImportParseError("bad priority '\(text)': want 0 ... 100")
        }
        return value
    }

    /// The file's value, else the command line's, else an error naming the field.
    static func required(_ value: String?, _ fallback: String?, _ name: String) throws(ImportParseError) -> String {
        if let value, !value.isEmpty { return value }
        if let fallback, !fallback.isEmpty { return fallback }
        throw ImportParseError("missing \(name)")
    }
}
