import OMSProto

extension Catalog {
    /// An item: id; a unit that never changes once stored; a quantity scale
    /// the quantities can hold; lot sizes > 0 within the scale, min <= max.
    func validatedItem(_ input: Oms_V1_Item) throws(DomainError) -> Oms_V1_Item {
        var item = input.withoutServerFields
        try CatalogFieldCheck.required(item.itemID, "item.item_id")
        try CatalogFieldCheck.required(item.unit, "item.unit")
        if let stored = items.current(item.itemID), stored.unit != item.unit {
            throw .invalid("item.unit", "the unit of item \"\(item.itemID)\" is \"\(stored.unit)\" and cannot change")
        }
        if item.quantityScale > UInt32(Quantity.fractionDigits) {
            throw .invalid("item.quantity_scale", "at most \(Quantity.fractionDigits), got \(item.quantityScale)")
        }
        item.minLotSize = try lotSize(item.minLotSize, scale: item.quantityScale, "item.min_lot_size")
        item.maxLotSize = try lotSize(item.maxLotSize, scale: item.quantityScale, "item.max_lot_size")
        item.lotMultiple = try lotSize(item.lotMultiple, scale: item.quantityScale, "item.lot_multiple")
        if let min = Quantity(item.minLotSize), let max = Quantity(item.maxLotSize), max < min {
            throw .invalid("item.max_lot_size", "\(max) is below min_lot_size \(min)")
        }
        return item
    }

    /// "" = no limit; otherwise a canonical decimal > 0 within the scale.
    private func lotSize(_ text: String, scale: UInt32, _ field: String) throws(DomainError) -> String {
        let canonical = try CatalogFieldCheck.canonicalDecimal(text, field, .positive, allowEmpty: true)
        if let value = Quantity(canonical) { try CatalogFieldCheck.withinScale(value, scale: scale, field) }
        return canonical
    }
}
