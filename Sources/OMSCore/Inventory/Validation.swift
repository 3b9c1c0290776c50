import OMSProto
import SwiftProtobuf

/// Request checks shared by the inventory commands. Each names the field.
extension InventoryState {
    /// "" = this shard's plant; anything else must be it.
    func checkPlant(_ plantID: String, field: String = "plant_id") throws(DomainError) {
        if !plantID.isEmpty && plantID != self.plantID {
            throw .invalid(field, "plant \"\(plantID)\" is not this shard's plant \"\(self.plantID)\"")
        }
    }

    /// Shard wiring: a context for another plant is a bug of the caller.
    func checkContext(_ context: CommandContext) throws(DomainError) {
        if !context.plantID.isEmpty && context.plantID != plantID {
            throw DomainError(.aborted, "command for plant \"\(context.plantID)\" reached the shard of plant \"\(plantID)\"")
        }
    }

    /// A time a Timestamp can hold (years 1 to 9999, nanos below a second):
    /// anything else could not be stored or compared safely.
    func checkTime(_ time: Google_Protobuf_Timestamp, field: String) throws(DomainError) {
        if !OrderBook.isValid(time) { throw .invalid(field, "not a time between the years 1 and 9999") }
    }

    /// A line of stock that must be here: its item (known to the plant), a
    /// quantity > 0 and a matching unit, checked in that order; `field` is
    /// the line's path ("lines[2]").
    func checkedStockLine(_ line: Oms_V1_StockLine, field: String) throws(DomainError) -> (quantity: Quantity, unit: String) {
        try required(line.itemID, field: "\(field).item_id")
        let quantity = try positiveQuantity(line.quantity, field: "\(field).quantity")
        let unit = try knownUnit(line.itemID, field: "\(field).item_id")
        try checkUnit(line.unit, known: unit, itemID: line.itemID, field: "\(field).unit")
        return (quantity, unit)
    }

    func required(_ text: String, field: String) throws(DomainError) {
        if text.isEmpty { throw .invalid(field, "required") }
    }

    /// A decimal quantity > 0.
    func positiveQuantity(_ text: String, field: String) throws(DomainError) -> Quantity {
        let quantity = try decimal(text, field: field)
        guard quantity.isPositive else { throw .invalid(field, "must be greater than zero, got \"\(text)\"") }
        return quantity
    }

    /// Any decimal quantity (signed).
    func decimal(_ text: String, field: String) throws(DomainError) -> Quantity {
        if text.isEmpty { throw .invalid(field, "required") }
        guard let quantity = Quantity(text) else {
            throw .invalid(field, "\"\(text)\" is not a decimal number with at most \(Quantity.fractionDigits) decimals in range")
        }
        return quantity
    }

    /// The item's unit given what is known; a non-empty `unit` must match it.
    func checkUnit(_ unit: String, known: String, itemID: String, field: String) throws(DomainError) {
        if !unit.isEmpty && !known.isEmpty && unit != known {
            throw .invalid(field, "unit \"\(unit)\" does not match item \(itemID)'s unit \"\(known)\"")
        }
    }

    /// A known item (received at least once), or NOT_FOUND.
    func knownUnit(_ itemID: String, field: String) throws(DomainError) -> String {
        guard let unit = itemUnits[itemID] else {
            throw DomainError(
                .notFound,
                "item \(itemID) is unknown at plant \(plantID) (never received)",
                field: field,
                subject: "item \(itemID)"
            )
        }
        return unit
    }

    static func overflow(_ field: String) -> DomainError {
        DomainError(.outOfRange, "\(field): the resulting quantity is out of range", field: field)
    }

    /// Not enough available stock (Reserve, Transfer): one QuantityShortage per short line.
    static func insufficientStock(_ shortages: [Oms_V1_QuantityShortage]) -> DomainError {
        let what = shortages.map {
            "\($0.item)\($0.location.isEmpty ? "" : "@" + $0.location): requested \($0.requested), available \($0.available)"
        }
        return DomainError(.failedPrecondition, "insufficient stock: " + what.joined(separator: "; "), shortages: shortages)
    }

    static func shortage(_ key: StockKey, unit: String, requested: Quantity, available: Quantity) -> Oms_V1_QuantityShortage {
        var shortage = Oms_V1_QuantityShortage()
        shortage.item = key.itemID
        shortage.location = key.locationID
        shortage.requested = requested.description
        shortage.available = available.description
        shortage.unit = unit
        return shortage
    }
}
