internal import CLibPQ
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Lays parameters out as libpq wants them (types, value pointers, lengths,
/// formats) for the duration of `body`.
func withParameters<R>(
    _ statement: PGStatement,
    _ body: (
        _ types: UnsafePointer<Oid>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?,
        _ lengths: UnsafePointer<Int32>?, _ formats: UnsafePointer<Int32>?, _ count: Int32
    ) -> R
) -> R {
    let parameters: [PGValue]
    switch statement {
    case .sql(_, let values), .prepared(_, let values): parameters = values
    }
    let encoded = parameters.map(\.encoded)
    let types = parameters.map { Oid($0.typeOID) }
    let formats = parameters.map(\.format)
    let lengths = encoded.map { Int32($0?.count ?? 0) }
    let total = encoded.reduce(0) { $0 + ($1?.count ?? 0) }
    // One allocation for all values; an empty value still needs a non-nil pointer.
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 8)
    defer { storage.deallocate() }
    var pointers: [UnsafePointer<CChar>?] = []
    pointers.reserveCapacity(encoded.count)
    var offset = 0
    for value in encoded {
        guard let value, let base = storage.baseAddress else {
            pointers.append(nil)
            continue
        }
        let start = base + offset
        value.withUnsafeBytes { bytes in
            if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
        }
        pointers.append(UnsafePointer(start.assumingMemoryBound(to: CChar.self)))
        offset += value.count
    }
    return types.withUnsafeBufferPointer { typesBuffer in
        pointers.withUnsafeBufferPointer { pointersBuffer in
            lengths.withUnsafeBufferPointer { lengthsBuffer in
                formats.withUnsafeBufferPointer { formatsBuffer in
                    body(
                        typesBuffer.baseAddress, pointersBuffer.baseAddress, lengthsBuffer.baseAddress,
                        formatsBuffer.baseAddress, Int32(parameters.count))
                }
            }
        }
    }
}

/// A NULL-terminated array of C strings valid during `body`.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    var duplicates: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    duplicates.append(nil)
    defer { duplicates.forEach { free($0) } }
    let constPointers = duplicates.map { $0.map { UnsafePointer($0) } }
    return constPointers.withUnsafeBufferPointer { buffer in
        // Arrays are never empty here (terminator), so baseAddress exists.
        guard let base = buffer.baseAddress else { preconditionFailure("empty C string array") }
        return body(base)
    }
}
