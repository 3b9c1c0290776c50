/// Builds libpq key/value connection strings with values quoted as libpq
/// expects ('...' with \\ and \' escaped), so paths and names cannot inject
/// other keywords.
public enum ConnectionString {
    public static func make(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
    }

    static func quote(_ value: String) -> String {
        var quoted = "'"
        for character in value {
            if character == "\\" || character == "'" { quoted.append("\\") }
            quoted.append(character)
        }
        quoted.append("'")
        return quoted
    }
}
