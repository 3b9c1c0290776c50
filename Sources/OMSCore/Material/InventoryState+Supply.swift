import OMSProto
import SwiftProtobuf

extension InventoryState {
    /// The n-th reservation id from now (1 = the next).
    func reservationID(offset: Int) -> String {
        reservationID(number: reservationCount + UInt64(offset))
    }

    /// What a production order's reservations cover per component item:
    /// reserved less returned (what is still held plus what was issued).
    func coverage(ofProductionOrder lot: String) -> [String: Quantity] {
        var covered: [String: Quantity] = [:]
        for id in reservationsByProductionOrder[lot] ?? [] {
            guard let reservation = reservations[id] else { continue }
            for line in reservation.lines {
                covered[line.key.itemID, default: .zero] = covered[line.key.itemID, default: .zero]
                    .saturatingAdding(line.quantity.saturatingSubtracting(line.returned))
            }
        }
        return covered
    }
}
