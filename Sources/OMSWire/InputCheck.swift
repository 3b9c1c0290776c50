import Foundation
public import SwiftProtobuf

/// What one request may hold, whatever its method: PostgreSQL's text cannot
/// store a NUL character, and a string or a list without bound multiplies
/// through the journal and its tables (a unit of 100 KB on each of 100,000
/// lines is a 10 GB statement). A request over a limit is refused at the
/// door, before it can fail the group commit of every command it would
/// share a batch with.
public enum InputLimits {
    /// Bytes of UTF-8 in one string.
    public static let longestString = 8_192
    /// Entries in one repeated or map field.
    public static let mostEntries = 10_000
}

extension SwiftProtobuf.Message {
    /// INVALID_ARGUMENT naming the first place that breaks `InputLimits` or
    /// holds a NUL character, as "field 4 of oms.v1.StockLine, in field 2 of
    /// oms.v1.ReceiveStockRequest"; nil when there is none.
    public var inputProblem: RPCError? {
        var finder = InputProblemFinder(messageName: Self.protoMessageName)
        do {
            try traverse(visitor: &finder)
            return nil
        } catch let problem as InputProblemFinder.Problem {
            return RPCError(.invalidArgument, problem.description)
        } catch {
            // The finder throws nothing else.
            return RPCError(.invalidArgument, "\(Self.protoMessageName): \(error)")
        }
    }
}

/// Walks every string and list of a message, its nested messages and maps,
/// and stops at the first problem.
private struct InputProblemFinder: Visitor {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// Outermost first: each message entered and the field it was entered by.
    private var path: [(message: String, field: Int)] = []
    private var messageName: String

    init(messageName: String) {
        self.messageName = messageName
    }

    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws(Problem) {
        try check(value, fieldNumber)
    }

    mutating func visitRepeatedStringField(value: [String], fieldNumber: Int) throws(Problem) {
        try count(value.count, fieldNumber)
        for element in value { try check(element, fieldNumber) }
    }

    mutating func visitSingularMessageField<M: Message>(value: M, fieldNumber: Int) throws {
        try enter(value, fieldNumber)
    }

    mutating func visitRepeatedMessageField<M: Message>(value: [M], fieldNumber: Int) throws {
        try count(value.count, fieldNumber)
        for element in value { try enter(element, fieldNumber) }
    }

    mutating func visitRepeatedEnumField<E: Enum>(value: [E], fieldNumber: Int) throws {
        try count(value.count, fieldNumber)
    }

    mutating func visitPackedEnumField<E: Enum>(value: [E], fieldNumber: Int) throws {
        try count(value.count, fieldNumber)
    }

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type, value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        try count(value.count, fieldNumber)
        for (key, element) in value {
            if let key = key as? String { try check(key, fieldNumber) }
            if let element = element as? String { try check(element, fieldNumber) }
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type, value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        try count(value.count, fieldNumber)
        for key in value.keys { if let key = key as? String { try check(key, fieldNumber) } }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type, value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        try count(value.count, fieldNumber)
        for (key, element) in value {
            if let key = key as? String { try check(key, fieldNumber) }
            try enter(element, fieldNumber)
        }
    }

    private mutating func enter(_ message: some Message, _ fieldNumber: Int) throws {
        path.append((messageName, fieldNumber))
        let outer = messageName
        messageName = type(of: message).protoMessageName
        try message.traverse(visitor: &self)
        messageName = outer
        path.removeLast()
    }

    private func check(_ value: String, _ fieldNumber: Int) throws(Problem) {
        if value.utf8.count > InputLimits.longestString {
            throw Problem(description: "\(place(fieldNumber)) holds \(value.utf8.count) bytes; at most \(InputLimits.longestString) are accepted")
        }
        // Native strings are contiguous: a scan of their bytes, not an iterator step per byte.
        if value.utf8.withContiguousStorageIfAvailable({ $0.contains(0) }) ?? value.utf8.contains(0) {
            throw Problem(description: "\(place(fieldNumber)) holds the NUL character (U+0000), which no string may")
        }
    }

    private func count(_ entries: Int, _ fieldNumber: Int) throws(Problem) {
        guard entries > InputLimits.mostEntries else { return }
        throw Problem(description: "\(place(fieldNumber)) has \(entries) entries; at most \(InputLimits.mostEntries) are accepted")
    }

    private func place(_ fieldNumber: Int) -> String {
        "field \(fieldNumber) of \(messageName)" + path.reversed().map { ", in field \($0.field) of \($0.message)" }.joined()
    }

    // Nothing else holds a string or a list.
    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) {}
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) {}
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) {}
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) {}
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) {}
    mutating func visitSingularEnumField<E: Enum>(value: E, fieldNumber: Int) {}
    /// Fields this build does not know are kept with the message (a Reserve's
    /// request is stored for idempotent retries): as small as a string.
    mutating func visitUnknown(bytes: Data) throws(Problem) {
        guard bytes.count > InputLimits.longestString else { return }
        throw Problem(
            description: "\(messageName) carries \(bytes.count) bytes of fields it does not define; at most \(InputLimits.longestString) are accepted")
    }
}
