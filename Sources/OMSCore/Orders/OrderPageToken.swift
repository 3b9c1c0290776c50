import Foundation
import SwiftProtobuf

/// The opaque page tokens of List and History: base64 of a short text that
/// says where the previous page ended. Clients must not parse them; anything
/// that does not decode is INVALID_ARGUMENT on page_token.
enum OrderPageToken {
    /// List: the (due date, order id) of the last order returned.
    static func list(after key: OrderListKey) -> String {
        encode("L1|\(key.dueSeconds)|\(key.dueNanos)|\(key.orderID)")
    }

    static func listCursor(_ token: String) throws(DomainError) -> OrderListKey? {
        guard !token.isEmpty else { return nil }
        let parts = try decode(token).split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "L1", let seconds = Int64(parts[1]), let nanos = Int32(parts[2]) else {
            throw invalid()
        }
        // A position only: the slot is never read from a cursor.
        return OrderListKey(dueSeconds: seconds, dueNanos: nanos, orderID: String(parts[3]), slot: -1)
    }

    /// ListProductionOrders: the (due date, id) of the last production order returned.
    static func production(after position: ProductionListPosition) -> String {
        encode("P1|\(position.due.seconds)|\(position.due.nanos)|\(position.id)")
    }

    static func productionCursor(_ token: String) throws(DomainError) -> ProductionListPosition? {
        guard !token.isEmpty else { return nil }
        let parts = try decode(token).split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "P1", let seconds = Int64(parts[1]), let nanos = Int32(parts[2]) else {
            throw invalid()
        }
        var due = Google_Protobuf_Timestamp()
        due.seconds = seconds
        due.nanos = nanos
        return ProductionListPosition(due: due, id: String(parts[3]))
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

    /// page_size 0 = 100, at most 1000.
    static func pageSize(_ requested: UInt32) -> Int {
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
