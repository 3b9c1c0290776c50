internal import CLibPQ
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Lays parameters out as libpq wants them (types, value pointers, lengths,
/// formats) for the duration of `body`. A value over PostgreSQL's 1 GB
/// limit for one field is refused (`rejected`) before anything is sent.
func withParameters<R>(
    _ statement: PGStatement,
    _ body: (
        _ types: UnsafePointer<Oid>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?,
        _ lengths: UnsafePointer<Int32>?, _ formats: UnsafePointer<Int32>?, _ count: Int32
    ) -> R
) throws(StoreError) -> R {
    let parameters: [PGValue]
    switch statement {
    case .sql(_, let values), .prepared(_, let values): parameters = values
    }
    let types = parameters.map { Oid($0.typeOID) }
    let formats = parameters.map(\.format)
    // Every value in one buffer; a NULL has no offset.
    var bytes: [UInt8] = []
    var offsets: [Int?] = []
    var lengths: [Int32] = []
    offsets.reserveCapacity(parameters.count)
    lengths.reserveCapacity(parameters.count)
    for parameter in parameters {
        let start = bytes.count
        let isValue = parameter.encode(into: &bytes)
        offsets.append(isValue ? start : nil)
        guard bytes.count - start <= largestField else {
            throw StoreError(
                kind: .rejected,
                message: "statement parameter \(lengths.count + 1) holds \(bytes.count - start) bytes, over the \(largestField) a field may")
        }
        lengths.append(Int32(bytes.count - start))
    }
    // An empty value still needs a non-nil pointer.
    if bytes.isEmpty { bytes.append(0) }
    return bytes.withUnsafeBytes { storage in
        let base = storage.baseAddress.map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) }
        let pointers = offsets.map { offset in offset.flatMap { offset in base.map { $0 + offset } } }
        return withParameterArrays(types, pointers, lengths, formats, body)
    }
}

/// PostgreSQL's largest field value (1 GB), which also fits libpq's Int32 lengths.
private let largestField = (1 << 30) - 1

private func withParameterArrays<R>(
    _ types: [Oid], _ pointers: [UnsafePointer<CChar>?], _ lengths: [Int32], _ formats: [Int32],
    _ body: (
        _ types: UnsafePointer<Oid>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?,
        _ lengths: UnsafePointer<Int32>?, _ formats: UnsafePointer<Int32>?, _ count: Int32
    ) -> R
) -> R {
    return types.withUnsafeBufferPointer { typesBuffer in
        pointers.withUnsafeBufferPointer { pointersBuffer in
            lengths.withUnsafeBufferPointer { lengthsBuffer in
                formats.withUnsafeBufferPointer { formatsBuffer in
                    body(
                        typesBuffer.baseAddress, pointersBuffer.baseAddress, lengthsBuffer.baseAddress,
                        formatsBuffer.baseAddress, Int32(types.count))
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
