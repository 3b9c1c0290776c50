import ArgumentParser
import Foundation
import OMSClient
import OMSProto
import SwiftProtobuf

struct StockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Inventory: figures and ATP, receipts, adjustments, reservations, expected receipts, transfers, the ledger.",
        subcommands: [
            StockShowCommand.self, StockReceiveCommand.self, StockAdjustCommand.self, StockReserveCommand.self,
            StockReleaseCommand.self, StockConfirmCommand.self, StockExpectCommand.self, StockTransferCommand.self,
            StockLedgerCommand.self,
        ]
    )

    /// "ITEM:QTY[@LOCATION]" -> a stock line.
    static func line(_ text: String) throws -> Oms_V1_StockLine {
        let (head, location) = text.split(separator: "@", maxSplits: 1).map(String.init).pair
        let parts = head.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw ValidationError("'\(text)' is not ITEM:QUANTITY[@LOCATION]") }
        var line = Oms_V1_StockLine()
        line.itemID = parts[0]
        line.quantity = parts[1]
        line.locationID = location ?? ""
        return line
    }

    /// ISO 8601 time, or "+N" hours from now.
    static func time(_ text: String) throws -> Google_Protobuf_Timestamp {
        if text.hasPrefix("+"), let hours = Double(text.dropFirst()) {
            return Google_Protobuf_Timestamp(date: Date().addingTimeInterval(hours * 3_600))
        }
        return try OrderSplitCommand.time(text)
    }

    static func rows(_ balance: Oms_V1_StockBalance) -> (String, String) {
        let place = balance.locationID.isEmpty ? balance.itemID : "\(balance.itemID)@\(balance.locationID)"
        return (place, "on hand \(balance.onHand)  reserved \(balance.reserved)  available \(balance.available)  "
            + "in transit \(balance.inTransit)  on order \(balance.onOrder) \(balance.unit)")
    }

    static func rows(_ reservation: Oms_V1_Reservation) -> [(String, String)] {
        [("reservation", "\(reservation.reservationID)  \(reservation.state)  v\(reservation.version)"),
         ("expires", reservation.hasExpiresAt ? ISO8601DateFormatter().string(from: reservation.expiresAt.date) : "firm")]
            + reservation.lines.map { ("  \($0.itemID)", "\($0.quantityOpen) of \($0.quantity) \($0.unit) held") }
    }
}

extension Array where Element == String {
    fileprivate var pair: (String, String?) { (first ?? "", count > 1 ? self[1] : nil) }
}
