public import OMSProto
import SwiftProtobuf

extension Catalog {
    /// Decides an upsert against the current catalog: the events to journal
    /// and apply, and the reply to send once they are durable. Pure: reads no
    /// clock (time comes from `context.now`), changes nothing, and throws
    /// before any event exists when a rule refuses the command. An upsert
    /// that changes nothing has no events and replies with the stored record.
    ///
    /// The reply equals what the catalog shows after applying the events.
    /// `context.plantID` is not used: the catalog is global.
    public func decide(
        _ command: CatalogCommand,
        context: CommandContext
    ) throws(DomainError) -> (events: [Oms_Journal_V1_CatalogEvent], reply: CatalogReply) {
        switch command {
        case .upsertPlant(let request):
            let (events, plant) = try decideUpsert(
                request.hasPlant ? request.plant : nil, "plant", validatedPlant, request.expectedVersion,
                in: plants, context)
            return (events, .upsertPlant(.with { $0.plant = plant }))

        case .upsertItem(let request):
            let (events, item) = try decideUpsert(
                request.hasItem ? request.item : nil, "item", validatedItem, request.expectedVersion,
                in: items, context)
            return (events, .upsertItem(.with { $0.item = item }))

        case .upsertBillOfMaterials(let request):
            let (events, bom) = try decideDefaultUpsert(
                request.hasBillOfMaterials ? request.billOfMaterials : nil, "bill_of_materials",
                validatedBillOfMaterials, request.expectedVersion, in: billsOfMaterials, context)
            return (events, .upsertBillOfMaterials(.with { $0.billOfMaterials = bom }))

        case .upsertRouting(let request):
            let (events, routing) = try decideDefaultUpsert(
                request.hasRouting ? request.routing : nil, "routing", validatedRouting, request.expectedVersion,
                in: routings, context)
            return (events, .upsertRouting(.with { $0.routing = routing }))

        case .upsertWorkCenter(let request):
            let (events, workCenter) = try decideUpsert(
                request.hasWorkCenter ? request.workCenter : nil, "work_center", validatedWorkCenter,
                request.expectedVersion, in: workCenters, context)
            return (events, .upsertWorkCenter(.with { $0.workCenter = workCenter }))

        case .upsertCalendar(let request):
            let (events, calendar) = try decideUpsert(
                request.hasCalendar ? request.calendar : nil, "calendar", validatedCalendar, request.expectedVersion,
                in: calendars, context)
            return (events, .upsertCalendar(.with { $0.calendar = calendar }))

        case .upsertCustomer(let request):
            let (events, customer) = try decideUpsert(
                request.hasCustomer ? request.customer : nil, "customer", validatedCustomer, request.expectedVersion,
                in: customers, context)
            return (events, .upsertCustomer(.with { $0.customer = customer }))
        }
    }

    /// Validates and versions a record (`field`: its name in the request):
    /// no event when nothing changed, otherwise one event carrying the next
    /// version.
    private func decideUpsert<Record: CatalogRecord>(
        _ record: Record?, _ field: String, _ validated: (Record) throws(DomainError) -> Record,
        _ expectedVersion: UInt64, in history: RecordHistory<Record>, _ context: CommandContext
    ) throws(DomainError) -> (events: [Oms_Journal_V1_CatalogEvent], record: Record) {
        guard let record else { throw .invalid(field, "required") }
        let time = Google_Protobuf_Timestamp(date: context.now)
        switch try history.upsert(validated(record), expectedVersion: expectedVersion, at: time) {
        case .unchanged(let stored):
            return ([], stored)
        case .changed(let next):
            return ([Self.event(next, context)], next)
        }
    }

    /// As `decideUpsert`, and a new default takes the flag from the previous
    /// default of its (plant, item), whose new version is journaled first.
    private func decideDefaultUpsert<Record: PlantItemDefault>(
        _ record: Record?, _ field: String, _ validated: (Record) throws(DomainError) -> Record,
        _ expectedVersion: UInt64, in history: RecordHistory<Record>, _ context: CommandContext
    ) throws(DomainError) -> (events: [Oms_Journal_V1_CatalogEvent], record: Record) {
        let (events, stored) = try decideUpsert(record, field, validated, expectedVersion, in: history, context)
        guard !events.isEmpty, stored.isDefault else { return (events, stored) }
        let displaced = history.otherDefaults(of: stored).map { previous in
            var cleared = previous
            cleared.isDefault = false
            cleared.version += 1
            cleared.updatedAt = stored.updatedAt
            return Self.event(cleared, context)
        }
        return (displaced + events, stored)
    }

    /// An event stamped with the command's time and principal.
    static func event(_ record: some CatalogRecord, _ context: CommandContext) -> Oms_Journal_V1_CatalogEvent {
        var event = Oms_Journal_V1_CatalogEvent()
        event.at = record.updatedAt
        event.principal = context.principal
        event.event = record.upsertedEvent
        return event
    }
}
