/// Ids a plant's writer generates: "<plant>-<letter><n>" ("P1-R7", "P1-P3").
public enum PlantScopedID {
    /// n of "<plant><marker><n>" (marker "-R", "-P", ...): the digits after
    /// the last occurrence of the marker; 0 when the id is not of that form.
    /// Compares UTF-8 bytes: it runs for every reservation when a snapshot is
    /// restored or reservations listed, where a Foundation string search cost
    /// about a microsecond a call.
    public static func number(_ id: String, marker: String) -> UInt64 {
        let text = id.utf8
        let pattern = marker.utf8
        guard !pattern.isEmpty, text.count >= pattern.count else { return 0 }
        var start = text.index(text.endIndex, offsetBy: -pattern.count)
        while !text[start...].starts(with: pattern) {
            guard start > text.startIndex else { return 0 }
            text.formIndex(before: &start)
        }
        return UInt64(Substring(text[text.index(start, offsetBy: pattern.count)...])) ?? 0
    }
}
