import Foundation
import OMSProto

/// How new production orders of one item are made in one plant, resolved
/// from the master data at the moment demand is approved or amended: the
/// pinned routing and BOM versions, lot sizing, and the plant's lot rule for
/// the item's product type. Events carry the lots it produced, so replay
/// never reads master data.
struct ItemProduction: Sendable, Equatable {
    var itemID: String
    var unit: String
    var routingID: String
    var routingVersion: UInt64
    var bomID = ""
    var bomVersion: UInt64 = 0
    /// The BOM's components, pinned with it (what each lot must reserve).
    var components: [Oms_Journal_V1_ComponentRequirement] = []
    var minLot: Quantity?
    var lotMultiple: Quantity?
    /// The largest lot: the item's max_lot_size (rounded down to the lot
    /// multiple) or the rule's capacity limit, whichever is smaller; nil = none.
    var maxLot: Quantity?
    /// Merge window of the rule; 0 = demand is never merged.
    var mergeWindowSeconds: Int64 = 0

    /// The quantity of a lot that covers `pegged`: at least the minimum lot,
    /// rounded up to the lot multiple, but never above the largest lot unless
    /// the demand itself is (pegs never exceed the lot).
    func lotQuantity(covering pegged: Quantity) -> Quantity {
        var quantity = Swift.max(pegged, minLot ?? .zero)
        if let multiple = lotMultiple, multiple > .zero, quantity.micros % multiple.micros != 0 {
            // Near the top of the range there is no next multiple: the demand itself stands.
            let (rounded, overflow) = (quantity.micros / multiple.micros + 1).multipliedReportingOverflow(
                by: multiple.micros)
            if !overflow { quantity = Quantity(micros: rounded) }
        }
        if let maxLot, quantity > maxLot { quantity = Swift.max(pegged, maxLot) }
        return quantity
    }
}

extension ItemProduction {
    /// How `itemID` is made in `plantID`; nil when it is not made there (not
    /// in the master data, or a buy item). FAILED_PRECONDITION for a make
    /// item without a default routing in the plant: its demand cannot be
    /// planned.
    static func resolve(itemID: String, plantID: String, masterData: Catalog) throws(DomainError) -> ItemProduction? {
        guard let item = masterData.item(id: itemID), item.sourcing == .make else { return nil }
        guard let routing = masterData.defaultRouting(plantID: plantID, itemID: itemID) else {
            throw DomainError(
                .failedPrecondition,
                "item \(itemID) is made, but plant \(plantID) has no default routing for it: add one before approving",
                subject: "item \(itemID)", currentState: "NO_ROUTING")
        }
        var production = ItemProduction(
            itemID: itemID, unit: item.unit, routingID: routing.routingID, routingVersion: routing.version)
        if let bom = masterData.defaultBillOfMaterials(plantID: plantID, itemID: itemID) {
            production.bomID = bom.bomID
            production.bomVersion = bom.version
            production.components = Oms_Journal_V1_ComponentRequirement.pinned(from: bom, masterData: masterData)
        }
        production.minLot = Quantity(item.minLotSize).flatMap { $0 > .zero ? $0 : nil }
        production.lotMultiple = Quantity(item.lotMultiple).flatMap { $0 > .zero ? $0 : nil }
        var maxLot = Quantity(item.maxLotSize).flatMap { $0 > .zero ? $0 : nil }
        if let max = maxLot, let multiple = production.lotMultiple, max >= multiple {
            maxLot = Quantity(micros: max.micros / multiple.micros * multiple.micros)
        }
        let rule = masterData.plant(id: plantID).flatMap { plant in
            plant.lotRules.first { $0.productType == item.productType }
                ?? plant.lotRules.first { $0.productType.isEmpty }
        }
        if let rule {
            production.mergeWindowSeconds = Int64(clamping: rule.mergeWindowSeconds)
            if rule.maxLotRunSeconds > 0,
                let byCapacity = capacityLimit(
                    routing, runSeconds: Double(rule.maxLotRunSeconds), scale: item.quantityScale,
                    masterData: masterData)
            {
                maxLot = maxLot.map { Swift.min($0, byCapacity) } ?? byCapacity
            }
        }
        production.maxLot = maxLot
        return production
    }

    /// The largest quantity whose setup plus run time on every operation's
    /// work center (at its efficiency) fits in `runSeconds`, in whole steps
    /// of the item's quantity scale and at least one step; nil when no
    /// operation has a run time.
    private static func capacityLimit(
        _ routing: Oms_V1_Routing, runSeconds: Double, scale: UInt32, masterData: Catalog
    ) -> Quantity? {
        let stepMicros = Int64(pow(10, Double(Quantity.fractionDigits - Int(min(scale, 6)))))
        var limit: Int64?
        for operation in routing.operations {
            guard let perUnit = Double(operation.runSecondsPerUnit), perUnit > 0 else { continue }
            let efficiency = masterData.workCenter(id: operation.workCenterID)
                .flatMap { Double($0.efficiency) }.flatMap { $0 > 0 ? $0 : nil } ?? 1
            let units = max(0, runSeconds - Double(operation.setupSeconds)) * efficiency / perUnit
            let steps = Int64(exactly: (units * 1e6 / Double(stepMicros)).rounded(.down)) ?? .max
            let micros = max(1, steps).multipliedReportingOverflow(by: stepMicros)
            let operationLimit = micros.overflow ? Int64.max : micros.partialValue
            limit = min(limit ?? .max, operationLimit)
        }
        return limit.map(Quantity.init(micros:))
    }
}
