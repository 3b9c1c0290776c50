internal import CLibPQ

// Columns of a raw result fetched with binary results, read in place (no
// text parsing). A NULL or empty value reads as 0, [] or "".

func columnInt64(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> Int64 {
    guard PQgetlength(result, row, column) == 8, let value = PQgetvalue(result, row, column) else { return 0 }
    return UnsafeRawPointer(value).loadUnaligned(as: Int64.self).bigEndian
}

func columnBytes(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> [UInt8] {
    let length = Int(PQgetlength(result, row, column))
    guard length > 0, let value = PQgetvalue(result, row, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: value, count: length))
}

func columnText(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> String {
    let length = Int(PQgetlength(result, row, column))
    guard length > 0, let value = PQgetvalue(result, row, column) else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: value, count: length), as: UTF8.self)
}
