import OMSProto
import SwiftProtobuf

/// A plant's production orders, kept as their journal records (which carry
/// everything: applying a change replaces the record), with the indexes
/// deciding needs. Part of the `OrderBook`, because approving, amending and
/// cancelling an order changes the lots pegged to it in the same decision.
struct ProductionOrders: Sendable, Equatable {
    /// Created so far (ids are "<plant>-P<n>").
    var count: UInt64 = 0
    /// In the order they were created; a record's slot never changes.
    private(set) var records: [Oms_Journal_V1_ProductionOrderRecord] = []
    private var slotsByID = SegmentedTable<String, Int>()
    /// item -> slots of its open lots (CREATED or PLANNED), ascending: where
    /// new demand can merge.
    private var openSlotsByItem: [String: [Int]] = [:]
    /// order -> slots of the live lots that carry its pegs.
    private var slotsByOrder: [String: Set<Int>] = [:]
    /// component item -> slots of the live lots missing it: what a receipt
    /// of that item re-checks.
    private var shortSlotsByItem: [String: Set<Int>] = [:]

    init() {}

    init(count: UInt64, records: [Oms_Journal_V1_ProductionOrderRecord]) {
        self.count = count
        for record in records { put(record) }
    }

    func record(_ id: String) -> Oms_Journal_V1_ProductionOrderRecord? {
        slotsByID[id].map { records[$0] }
    }

    /// The open lots of an item, oldest first.
    func openLots(of itemID: String) -> [Oms_Journal_V1_ProductionOrderRecord] {
        (openSlotsByItem[itemID] ?? []).map { records[$0] }
    }

    /// The live lots that carry pegs of an order, oldest first.
    func lots(peggedTo orderID: String) -> [Oms_Journal_V1_ProductionOrderRecord] {
        (slotsByOrder[orderID] ?? []).sorted().map { records[$0] }
    }

    /// The live lots missing some of `itemID`, oldest first.
    func shortLots(of itemID: String) -> [Oms_Journal_V1_ProductionOrderRecord] {
        (shortSlotsByItem[itemID] ?? []).sorted().map { records[$0] }
    }

    func hasShortLots(of itemID: String) -> Bool {
        shortSlotsByItem[itemID] != nil
    }

    /// Adds a record or replaces the one with its id.
    mutating func put(_ record: Oms_Journal_V1_ProductionOrderRecord) {
        let slot: Int
        if let existing = slotsByID[record.productionOrderID] {
            slot = existing
            unindex(records[slot], slot: slot)
            records[slot] = record
        } else {
            slot = records.count
            records.append(record)
            slotsByID[record.productionOrderID] = slot
        }
        if record.isOpen {
            openSlotsByItem[record.itemID, default: []].insertSorted(slot)
        }
        if record.isLive {
            for peg in record.pegs { slotsByOrder[peg.orderID, default: []].insert(slot) }
            for shortage in record.shortages { shortSlotsByItem[shortage.itemID, default: []].insert(slot) }
        }
    }

    private mutating func unindex(_ record: Oms_Journal_V1_ProductionOrderRecord, slot: Int) {
        if record.isOpen {
            openSlotsByItem[record.itemID]?.removeAll { $0 == slot }
            if openSlotsByItem[record.itemID]?.isEmpty == true { openSlotsByItem[record.itemID] = nil }
        }
        for peg in record.pegs where record.isLive {
            slotsByOrder[peg.orderID]?.remove(slot)
            if slotsByOrder[peg.orderID]?.isEmpty == true { slotsByOrder[peg.orderID] = nil }
        }
        for shortage in record.shortages where record.isLive {
            shortSlotsByItem[shortage.itemID]?.remove(slot)
            if shortSlotsByItem[shortage.itemID]?.isEmpty == true { shortSlotsByItem[shortage.itemID] = nil }
        }
    }
}

extension Array where Element == Int {
    fileprivate mutating func insertSorted(_ value: Int) {
        if let last, last < value { return append(value) }
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        insert(value, at: low)
    }
}

extension Oms_Journal_V1_ProductionOrderRecord {
    /// May still be split, merged, re-pegged and released.
    var isOpen: Bool { state == .created || state == .planned }

    /// Neither replaced nor cancelled: its quantity is still to be made (or made).
    var isLive: Bool { state != .superseded && state != .cancelled }

    var quantity: Quantity { Quantity(micros: quantityMicros) }

    /// The demand pegged to it.
    var pegged: Quantity {
        pegs.reduce(.zero) { $0.saturatingAdding(Quantity(micros: $1.quantityMicros)) }
    }

    /// Earliest due date of the pegs; nil without pegs.
    var earliestPegDue: Google_Protobuf_Timestamp? { pegs.earliestDue }
}

extension Array where Element == Oms_Journal_V1_PegRecord {
    /// Earliest due date of these pegs; nil when there are none.
    var earliestDue: Google_Protobuf_Timestamp? {
        map(\.dueDate).min { OrderText.precedes($0, $1) }
    }
}
