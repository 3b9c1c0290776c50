import OMSProto

extension Catalog {
    /// A BOM: id; a known plant it never leaves; a known parent item; base
    /// quantity > 0 ("" = 1); at least one component, each a known item with
    /// quantity > 0, in the item's unit, scrap factor >= 0; not retired while
    /// default; and no cycle through the plant's BOMs.
    func validatedBillOfMaterials(_ input: Oms_V1_BillOfMaterials) throws(DomainError) -> Oms_V1_BillOfMaterials {
        var bom = input.withoutServerFields
        try checkIdentity(bom, in: billsOfMaterials, "bill_of_materials", idField: "bom_id")
        _ = try requireItem(bom.itemID, "bill_of_materials.item_id")
        bom.baseQuantity = try CatalogFieldCheck.canonicalDecimal(
            bom.baseQuantity, "bill_of_materials.base_quantity", .positive, allowEmpty: true)
        if bom.components.isEmpty {
            throw .invalid("bill_of_materials.components", "at least one component is required")
        }
        for index in bom.components.indices {
            let field = "bill_of_materials.components[\(index)]"
            bom.components[index] = try validatedComponent(bom.components[index], field)
        }
        if bom.isDefault && bom.retired {
            throw .invalid("bill_of_materials.is_default", "a retired bill of materials cannot be the default")
        }
        if !bom.retired { try checkNoCycle(bom) }
        return bom
    }

    private func validatedComponent(
        _ input: Oms_V1_BomComponent, _ field: String
    ) throws(DomainError) -> Oms_V1_BomComponent {
        var component = input
        let item = try requireItem(component.itemID, "\(field).item_id")
        component.quantity = try CatalogFieldCheck.canonicalDecimal(component.quantity, "\(field).quantity", .positive)
        if !component.unit.isEmpty && component.unit != item.unit {
            throw .invalid(
                "\(field).unit", "\"\(component.unit)\" is not item \"\(item.itemID)\"'s unit \"\(item.unit)\"")
        }
        component.scrapFactor = try CatalogFieldCheck.canonicalDecimal(
            component.scrapFactor, "\(field).scrap_factor", .nonNegative, allowEmpty: true)
        return component
    }

    /// Refuses a BOM whose components lead back to its own item through the
    /// plant's other BOMs that are not retired (A needs B needs A).
    private func checkNoCycle(_ bom: Oms_V1_BillOfMaterials) throws(DomainError) {
        var graph = BillOfMaterialsGraph()
        for other in billsOfMaterials.currentRecords
        where other.plantID == bom.plantID && !other.retired && other.bomID != bom.bomID {
            graph.add(other)
        }
        for (index, component) in bom.components.enumerated() {
            if let path = graph.path(from: component.itemID, to: bom.itemID) {
                let cycle = ([bom.itemID] + path).joined(separator: " -> ")
                throw .invalid(
                    "bill_of_materials.components[\(index)].item_id",
                    "would create a cycle in plant \"\(bom.plantID)\": \(cycle)"
                )
            }
        }
    }
}
