/// A statement parameter. Values travel out of band from the SQL text (never
/// spliced into it), all in binary format: a text value is its UTF-8 bytes
/// with an explicit length, so an embedded NUL is rejected by the server
/// instead of silently truncating the value.
public enum PGValue: Sendable, Hashable {
    case null
    case text(String)
    case int64(Int64)
    case int32(Int32)
    case bool(Bool)
    case bytes([UInt8])
    /// Microseconds since the Unix epoch, sent as `timestamptz`.
    case timestampMicros(Int64)

    /// PostgreSQL type OIDs (pg_type.h); 0 lets the server infer.
    var typeOID: UInt32 {
        switch self {
        case .null: 0
        case .text: 25
        case .int64: 20
        case .int32: 23
        case .bool: 16
        case .bytes: 17
        case .timestampMicros: 1184
        }
    }

    /// 1 = binary; NULL has no bytes, so its format does not matter.
    var format: Int32 { 1 }

    /// Wire bytes in binary format (nil for SQL NULL).
    var encoded: [UInt8]? {
        switch self {
        case .null: return nil
        case .text(let string): return Array(string.utf8)
        case .int64(let value): return withUnsafeBytes(of: value.bigEndian) { Array($0) }
        case .int32(let value): return withUnsafeBytes(of: value.bigEndian) { Array($0) }
        case .bool(let value): return [value ? 1 : 0]
        case .bytes(let bytes): return bytes
        case .timestampMicros(let micros):
            // PostgreSQL's epoch is 2000-01-01; 946_684_800 s after Unix's.
            let pgMicros = micros - 946_684_800_000_000
            return withUnsafeBytes(of: pgMicros.bigEndian) { Array($0) }
        }
    }
}
