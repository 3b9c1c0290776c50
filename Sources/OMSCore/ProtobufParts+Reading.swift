import SwiftProtobuf

extension ProtobufParts {
    /// Takes an encoded message apart: the payloads of the length-delimited
    /// fields numbered in `apart`, each occurrence in order (a repeated
    /// message field's elements), and every other field's bytes as one
    /// message (`head`). Throws on bytes that are not a protobuf message.
    static func split(_ bytes: [UInt8], apart: Set<Int>) throws -> (head: [UInt8], elements: [Int: [ArraySlice<UInt8>]]) {
        var head: [UInt8] = []
        var elements: [Int: [ArraySlice<UInt8>]] = [:]
        var index = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count, shift < 64 {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            throw BinaryDecodingError.malformedProtobuf
        }
        func skip(_ count: UInt64) throws {
            guard count <= UInt64(bytes.count - index) else { throw BinaryDecodingError.truncated }
            index += Int(count)
        }
        while index < bytes.count {
            let start = index
            let tag = try varint()
            let field = Int(truncatingIfNeeded: tag >> 3)
            switch tag & 7 {
            case 0: _ = try varint()
            case 1: try skip(8)
            case 2:
                let length = try varint()
                let payload = index
                try skip(length)
                if apart.contains(field) {
                    elements[field, default: []].append(bytes[payload..<index])
                    continue
                }
            case 5: try skip(4)
            default: throw BinaryDecodingError.malformedProtobuf  // groups: not in proto3
            }
            head.append(contentsOf: bytes[start..<index])
        }
        return (head, elements)
    }
}

/// A repeated field's elements, decoded as they are iterated. A payload that
/// does not decode ends the sequence and is reported to `failed`.
struct DecodedElements<Element: SwiftProtobuf.Message>: Sequence {
    let payloads: [ArraySlice<UInt8>]
    let failed: (any Error) -> Void

    init(_ payloads: [ArraySlice<UInt8>], failed: @escaping (any Error) -> Void) {
        self.payloads = payloads
        self.failed = failed
    }

    var underestimatedCount: Int { payloads.count }

    func makeIterator() -> AnyIterator<Element> {
        var next = payloads.makeIterator()
        return AnyIterator {
            guard let payload = next.next() else { return nil }
            do {
                return try Element(serializedBytes: Array(payload))
            } catch {
                failed(error)
                return nil
            }
        }
    }
}
