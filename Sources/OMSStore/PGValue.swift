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

    /// At least the bytes `encode(into:)` writes, without writing them:
    /// arrays count a 20-byte header and 4 bytes of length per element.
    var wireBytes: Int {
        switch self {
        case .null: 0
        case .text(let string): string.utf8.count
        case .int64, .timestampMicros: 8
        case .int32: 4
        case .bool: 1
        case .bytes(let bytes): bytes.count
        case .textArray(let strings): strings.reduce(20) { $0 + 4 + ($1?.utf8.count ?? 0) }
        case .int64Array(let values): 20 + 12 * values.count
        case .byteaArray(let values): values.reduce(20) { $0 + 4 + $1.count }
        }
    }

    /// 1 = binary; NULL has no bytes, so its format does not matter.
    var format: Int32 { 1 }

    /// Appends the value's wire bytes in binary format to `out`; returns
    /// false, appending nothing, for SQL NULL. Arrays are written element by
    /// element into `out`: a batch's parameters cost one buffer, not one
    /// allocation per element.
    func encode(into out: inout [UInt8]) -> Bool {
        switch self {
        case .null: return false
        case .text(let string): out.append(contentsOf: string.utf8)
        case .int64(let value): out.appendBigEndian(value)
        case .int32(let value): out.appendBigEndian(value)
        case .bool(let value): out.append(value ? 1 : 0)
        case .bytes(let bytes): out.append(contentsOf: bytes)
        case .timestampMicros(let micros):
            // PostgreSQL's epoch is 2000-01-01; 946_684_800 s after Unix's.
            out.appendBigEndian(micros - 946_684_800_000_000)
        case .textArray(let strings):
            Self.encodeArray(elementType: 25, strings, into: &out) { string, out in
                guard let string else { return false }
                out.append(contentsOf: string.utf8)
                return true
            }
        case .int64Array(let values):
            Self.encodeArray(elementType: 20, values, into: &out) { value, out in
                out.appendBigEndian(value)
                return true
            }
        case .byteaArray(let values):
            Self.encodeArray(elementType: 17, values, into: &out) { value, out in
                out.append(contentsOf: value)
                return true
            }
        }
        return true
    }

    /// PostgreSQL's binary array format (array_recv): dimensions, null flag,
    /// element type, then each element as length + bytes (-1 for NULL).
    /// `element` appends an element's bytes and returns false for NULL.
    private static func encodeArray<Element>(
        elementType: UInt32, _ elements: [Element], into out: inout [UInt8],
        element: (Element, inout [UInt8]) -> Bool
    ) {
        out.appendBigEndian(Int32(1))  // dimensions
        let nullFlag = out.count
        out.appendBigEndian(Int32(0))  // has nulls: patched below
        out.appendBigEndian(elementType)
        out.appendBigEndian(Int32(elements.count))
        out.appendBigEndian(Int32(1))  // lower bound
        var hasNulls = false
        for value in elements {
            let lengthAt = out.count
            out.appendBigEndian(Int32(0))
            if element(value, &out) {
                out.writeBigEndian(Int32(out.count - lengthAt - 4), at: lengthAt)
            } else {
                out.writeBigEndian(Int32(-1), at: lengthAt)
                hasNulls = true
            }
        }
        if hasNulls { out.writeBigEndian(Int32(1), at: nullFlag) }
    }
}

extension [UInt8] {
    mutating func appendBigEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    mutating func writeBigEndian(_ value: Int32, at offset: Int) {
        Swift.withUnsafeBytes(of: value.bigEndian) { bytes in
            for (index, byte) in bytes.enumerated() { self[offset + index] = byte }
        }
    }
}
