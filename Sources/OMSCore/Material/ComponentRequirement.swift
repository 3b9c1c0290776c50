import OMSProto

extension Oms_Journal_V1_ComponentRequirement {
    /// The components a BOM pins for new lots, with units resolved from the
    /// component items (an empty BOM unit means the item's unit). Components
    /// whose quantity does not parse or is not positive need nothing.
    static func pinned(from bom: Oms_V1_BillOfMaterials, masterData: Catalog) -> [Self] {
        let base = Quantity(bom.baseQuantity).flatMap { $0 > .zero ? $0 : nil } ?? Quantity(micros: Quantity.scale)
        return bom.components.compactMap { component in
            guard let quantity = Quantity(component.quantity), quantity > .zero else { return nil }
            var requirement = Self()
            requirement.itemID = component.itemID
            requirement.unit = component.unit.isEmpty ? (masterData.item(id: component.itemID)?.unit ?? "") : component.unit
            requirement.quantityMicros = quantity.micros
            requirement.baseMicros = base.micros
            requirement.scrapMicros = Quantity(component.scrapFactor).map { max(0, $0.micros) } ?? 0
            requirement.operationSequence = component.operationSequence
            return requirement
        }
    }

    /// What a lot of `quantity` needs: quantity × per-base × (1 + scrap) ÷
    /// base, rounded up to the micro-unit (never less than the exact figure).
    /// Saturates instead of overflowing.
    func required(for quantity: Quantity) -> Quantity {
        guard baseMicros > 0, quantity > .zero else { return .zero }
        let scale = Int128(Quantity.scale)
        // Both factors are below 2^63, so their product fits in 128 bits.
        let product = Int128(quantity.micros) * Int128(quantityMicros)
        let (withScrap, overflow) = product.multipliedReportingOverflow(by: scale + Int128(scrapMicros))
        let micros: Int128
        if overflow {
            // Only for absurd figures: two roundings instead of one.
            let perBase = Self.divideRoundingUp(product, Int128(baseMicros))
            guard perBase <= Int128(Int64.max) else { return .max }
            micros = Self.divideRoundingUp(perBase * (scale + Int128(scrapMicros)), scale)
        } else {
            micros = Self.divideRoundingUp(withScrap, Int128(baseMicros) * scale)
        }
        return Quantity(micros: Int64(clamping: micros))
    }

    private static func divideRoundingUp(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return remainder > 0 ? quotient + 1 : quotient
    }
}
