import OMSProto

/// One order read from an import file: the request to submit, or why it
/// could not be read, with the file lines it came from.
struct ImportedOrder {
    /// File lines of the order (one per CSV row, one for a JSONL order).
    var lines: [Int]
    /// SOURCE/EXTERNAL-ID, as far as it could be read.
    var businessKey: String
    var request: Result<Oms_V1_SubmitOrderRequest, ImportParseError>
}

/// A problem found in the file before anything is sent.
struct ImportParseError: Error, Equatable, CustomStringConvertible {
    /// The offending line, when it is one line of a multi-line order.
    var line: Int?
    var message: String

    init(line: Int? = nil, _ message: String) {
        self.line = line
        self.message = message
    }

    var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Defaults from the command line for what a file leaves out.
struct ImportDefaults {
    var plant: String?
    var source: String?
    var channel: Oms_V1_OrderChannel
}
