import Foundation
import OMSProto

extension Catalog {
    /// A plant: id; a known IANA time zone; unique, non-empty location ids;
    /// a default location among them; a default calendar of this plant (so it
    /// can only be set once the plant's calendars exist); at most one lot
    /// rule per product type.
    func validatedPlant(_ input: Oms_V1_Plant) throws(DomainError) -> Oms_V1_Plant {
        let plant = input.withoutServerFields
        try CatalogFieldCheck.required(plant.plantID, "plant.plant_id")
        try CatalogFieldCheck.required(plant.timeZone, "plant.time_zone")
        if TimeZone(identifier: plant.timeZone) == nil {
            throw .invalid("plant.time_zone", "\"\(plant.timeZone)\" is not a known IANA time zone")
        }
        var locationIDs = Set<String>()
        for (index, location) in plant.locations.enumerated() {
            let field = "plant.locations[\(index)].location_id"
            try CatalogFieldCheck.required(location.locationID, field)
            try CatalogFieldCheck.unique(location.locationID, in: &locationIDs, field)
        }
        if !plant.defaultLocationID.isEmpty && !locationIDs.contains(plant.defaultLocationID) {
            throw .invalid(
                "plant.default_location_id", "\"\(plant.defaultLocationID)\" is not one of the plant's locations")
        }
        var ruleTypes = Set<String>()
        for (index, rule) in plant.lotRules.enumerated() {
            guard ruleTypes.insert(rule.productType).inserted else {
                throw .invalid(
                    "plant.lot_rules[\(index)].product_type",
                    "a second rule for product type \"\(rule.productType)\" (empty = the default rule)")
            }
        }
        if !plant.defaultCalendarID.isEmpty {
            try requireCalendar(plant.defaultCalendarID, inPlant: plant.plantID, "plant.default_calendar_id")
        }
        return plant
    }
}
