import OMSProto

/// Checks that a record's references exist when it is written (see `Catalog`
/// for the resulting load order).
extension Catalog {
    func requirePlant(_ plantID: String, _ field: String) throws(DomainError) {
        try CatalogFieldCheck.required(plantID, field)
        if plants.current(plantID) == nil { throw .invalid(field, "unknown plant \"\(plantID)\"") }
    }

    /// The item, which must exist.
    func requireItem(_ itemID: String, _ field: String) throws(DomainError) -> Oms_V1_Item {
        try CatalogFieldCheck.required(itemID, field)
        guard let item = items.current(itemID) else { throw .invalid(field, "unknown item \"\(itemID)\"") }
        return item
    }

    func requireWorkCenter(_ workCenterID: String, inPlant plantID: String, _ field: String) throws(DomainError) {
        try requireInPlant(workCenterID, plantID, in: workCenters, field)
    }

    func requireCalendar(_ calendarID: String, inPlant plantID: String, _ field: String) throws(DomainError) {
        try requireInPlant(calendarID, plantID, in: calendars, field)
    }

    private func requireInPlant<Record: PlantScopedRecord>(
        _ id: String, _ plantID: String, in history: RecordHistory<Record>, _ field: String
    ) throws(DomainError) {
        try CatalogFieldCheck.required(id, field)
        guard let record = history.current(id) else { throw .invalid(field, "unknown \(Record.kind) \"\(id)\"") }
        if record.plantID != plantID {
            throw .invalid(field, "\(Record.kind) \"\(id)\" belongs to plant \"\(record.plantID)\", not \"\(plantID)\"")
        }
    }

    /// The id and plant of a plant-scoped record (`prefix`: its name in the
    /// request): both required, the plant known, and the same plant as the
    /// stored version's, because what refers to the record assumes it.
    func checkIdentity<Record: PlantScopedRecord>(
        _ record: Record, in history: RecordHistory<Record>, _ prefix: String, idField: String
    ) throws(DomainError) {
        try CatalogFieldCheck.required(record.recordID, "\(prefix).\(idField)")
        try requirePlant(record.plantID, "\(prefix).plant_id")
        if let stored = history.current(record.recordID), stored.plantID != record.plantID {
            throw .invalid(
                "\(prefix).plant_id",
                "\(Record.kind) \"\(record.recordID)\" belongs to plant \"\(stored.plantID)\" and cannot move")
        }
    }
}
