import OMSProto

extension Catalog {
    /// A work center: id; a known plant it never leaves; capacity >= 1;
    /// efficiency > 0 ("" = 1); a calendar of the same plant ("" = the
    /// plant's default); one setup time per (from, to) family pair.
    func validatedWorkCenter(_ input: Oms_V1_WorkCenter) throws(DomainError) -> Oms_V1_WorkCenter {
        var workCenter = input.withoutServerFields
        try checkIdentity(workCenter, in: workCenters, "work_center", idField: "work_center_id")
        if workCenter.parallelCapacity < 1 {
            throw .invalid("work_center.parallel_capacity", "must be at least 1")
        }
        workCenter.efficiency = try CatalogFieldCheck.canonicalDecimal(
            workCenter.efficiency, "work_center.efficiency", .positive, allowEmpty: true)
        if !workCenter.calendarID.isEmpty {
            try requireCalendar(workCenter.calendarID, inPlant: workCenter.plantID, "work_center.calendar_id")
        }
        var pairs = Set<FamilyPair>()
        for (index, transition) in workCenter.setupTransitions.enumerated() {
            let field = "work_center.setup_transitions[\(index)]"
            try CatalogFieldCheck.required(transition.toFamily, "\(field).to_family")
            let pair = FamilyPair(from: transition.fromFamily, to: transition.toFamily)
            try CatalogFieldCheck.unique(pair, in: &pairs, field)
        }
        return workCenter
    }
}

/// A changeover between setup families ("" from = any family).
struct FamilyPair: Hashable, CustomStringConvertible {
    var from: String
    var to: String
    var description: String { "\(from.isEmpty ? "any" : from) -> \(to)" }
}
