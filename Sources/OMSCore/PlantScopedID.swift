/// Ids a plant's writer generates: "<plant>-<letter><n>" ("P1-R7", "P1-P3").
public enum PlantScopedID {
    /// n of "<plant><marker><n>" (marker "-R", "-P", ...); 0 when the id is not of that form.
    public static func number(_ id: String, marker: String) -> UInt64 {
        id.range(of: marker, options: .backwards).flatMap { UInt64(id[$0.upperBound...]) } ?? 0
    }
}
