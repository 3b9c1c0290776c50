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
    /// One-dimensional arrays, for set-based statements (`unnest($1::text[])`).
    case textArray([String?])
    case int64Array([Int64])
    case byteaArray([[UInt8]])

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
        case .textArray: 1009
        case .int64Array: 1016
        case .byteaArray: 1001
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
        case .textArray(let strings):
            return PGValue.encodeArray(elementType: 25, strings.map { $0.map { Array($0.utf8) } })
        case .int64Array(let values):
            return PGValue.encodeArray(
                elementType: 20, values.map { value in withUnsafeBytes(of: value.bigEndian) { Array($0) } })
        case .byteaArray(let values):
            return PGValue.encodeArray(elementType: 17, values)
        }
    }

    /// PostgreSQL's binary array format (array_recv): dimensions, null flag,
    /// element type, then each element as length + bytes (-1 for NULL).
    static func encodeArray(elementType: UInt32, _ elements: [[UInt8]?]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(20 + elements.reduce(0) { $0 + 4 + ($1?.count ?? 0) })
        func append(_ value: Int32) { withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) } }
        append(1)  // dimensions
        append(elements.contains { $0 == nil } ? 1 : 0)
        append(Int32(bitPattern: elementType))
        append(Int32(elements.count))
        append(1)  // lower bound
        for element in elements {
            if let element {
                append(Int32(element.count))
                out.append(contentsOf: element)
            } else {
                append(-1)
            }
        }
        return out
    }
}
