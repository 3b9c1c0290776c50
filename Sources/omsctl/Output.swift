import Foundation
import OMSClient
import SwiftProtobuf

/// Prints a response as JSON (protobuf's canonical mapping) or as aligned rows.
enum Output {
    static func print(_ message: some Message, format: OutputFormat, rows: () -> [(String, String)]) throws {
        switch format {
        case .json:
            var options = JSONEncodingOptions()
            options.alwaysPrintEnumsAsInts = false
            let json = try message.jsonString(options: options)
            Swift.print(json)
        case .table:
            let table = rows()
            let width = table.map(\.0.count).max() ?? 0
            for (key, value) in table {
                Swift.print(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
            }
        }
    }
}
