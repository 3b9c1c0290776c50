import Foundation
import SwiftProtobuf

/// The opaque page tokens of List and History: base64 of a short text that
/// says where the previous page ended. Clients must not parse them; anything
/// that does not decode is INVALID_ARGUMENT on page_token.
public enum OrderPageToken {
    /// List: the (due date, order id) of the last order returned.
    static func list(after key: OrderListKey) -> String {
        encode("L1|\(key.dueSeconds)|\(key.dueNanos)|\(key.orderID)")
    }

    static func listCursor(_ token: String) throws(DomainError) -> OrderListKey? {
        // A position only: the slot is never read from a cursor.
        try position(token, tag: "L1").map { OrderListKey(dueSeconds: $0, dueNanos: $1, orderID: $2, slot: -1) }
    }

    /// ListProductionOrders: the (due date, id) of the last production order returned.
    static func production(after position: ProductionListPosition) -> String {
        encode("P1|\(position.due.seconds)|\(position.due.nanos)|\(position.id)")
    }

    static func productionCursor(_ token: String) throws(DomainError) -> ProductionListPosition? {
        try position(token, tag: "P1").map { seconds, nanos, id in
            var due = Google_Protobuf_Timestamp()
            due.seconds = seconds
            due.nanos = nanos
            return ProductionListPosition(due: due, id: id)
        }
    }

    /// A "TAG|seconds|nanos|id" position; nil for an empty token.
    private static func position(_ token: String, tag: String) throws(DomainError) -> (Int64, Int32, String)? {
        guard !token.isEmpty else { return nil }
        let parts = try decode(token).split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == tag, let seconds = Int64(parts[1]), let nanos = Int32(parts[2]) else {
            throw invalid()
        }
        return (seconds, nanos, String(parts[3]))
    }

    /// History: how many entries the previous pages returned.
    static func history(offset: Int) -> String {
        encode("H1|\(offset)")
    }

    static func historyOffset(_ token: String) throws(DomainError) -> Int {
        guard !token.isEmpty else { return 0 }
        let parts = try decode(token).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "H1", let offset = Int(parts[1]), offset >= 0 else { throw invalid() }
        return offset
    }

    /// page_size 0 = 100, at most 1000: the rule of every List in the contract.
    public static func pageSize(_ requested: UInt32) -> Int {
        requested == 0 ? 100 : Int(min(requested, 1000))
    }

    private static func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    private static func decode(_ token: String) throws(DomainError) -> String {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else {
            throw invalid()
        }
        return text
    }

    private static func invalid() -> DomainError {
        .invalid("page_token", "not a page token of this list; start again with an empty page_token")
    }
}
