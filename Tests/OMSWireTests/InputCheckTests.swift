import OMSProto
import OMSWire
import Testing

/// Every request is checked before any service sees it: no string holds a
/// NUL character or more than `InputLimits.longestString` bytes, no list or
/// map more than `InputLimits.mostEntries` entries, however deep it sits.
@Suite struct InputCheckTests {
    static func receive(_ configure: (inout Oms_V1_ReceiveStockRequest) -> Void) -> Oms_V1_ReceiveStockRequest {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = "P1"
        request.lines = [.with { $0.itemID = "BOLT"; $0.quantity = "1" }, .with { $0.itemID = "NUT"; $0.quantity = "2" }]
        configure(&request)
        return request
    }

    @Test func aRequestWithinTheLimitsPasses() {
        #expect(Self.receive { $0.reference = String(repeating: "é", count: InputLimits.longestString / 2) }.inputProblem == nil)
        let submit = Oms_V1_SubmitOrderRequest.with {
            $0.attributes = Dictionary(uniqueKeysWithValues: (0..<InputLimits.mostEntries).map { ("k\($0)", "v") })
        }
        #expect(submit.inputProblem == nil)
    }

    @Test func aNulCharacterAnywhereIsRefusedWithItsPlace() throws {
        let top = try #require(Self.receive { $0.reference = "pick\u{0}1" }.inputProblem)
        #expect(top.code == .invalidArgument)
        #expect(top.message.contains("NUL") && top.message.contains("of oms.v1.ReceiveStockRequest"), "\(top.message)")

        let nested = try #require(Self.receive { $0.lines[1].itemID = "NUT\u{0}" }.inputProblem)
        #expect(nested.message.contains("field 1 of oms.v1.StockLine, in field 2 of oms.v1.ReceiveStockRequest"), "\(nested.message)")

        let mapKey = Oms_V1_SubmitOrderRequest.with { $0.attributes = ["in\u{0}coterm": "EXW"] }
        #expect(mapKey.inputProblem?.code == .invalidArgument)
        let mapValue = Oms_V1_SubmitOrderRequest.with { $0.attributes = ["incoterm": "E\u{0}XW"] }
        #expect(mapValue.inputProblem?.code == .invalidArgument)
        let header = Oms_V1_RequestHeader.with { $0.idempotencyKey = "key\u{0}" }
        #expect(header.inputProblem?.code == .invalidArgument)
    }

    @Test func tooLongAStringOrTooManyEntriesIsRefused() throws {
        let long = try #require(Self.receive { $0.lines[0].unit = String(repeating: "A", count: InputLimits.longestString + 1) }.inputProblem)
        #expect(long.message.contains("\(InputLimits.longestString + 1) bytes") && long.message.contains("oms.v1.StockLine"), "\(long.message)")

        let line = Oms_V1_StockLine.with { $0.itemID = "BOLT"; $0.quantity = "1" }
        let many = try #require(Self.receive { $0.lines = Array(repeating: line, count: InputLimits.mostEntries + 1) }.inputProblem)
        #expect(many.message.contains("\(InputLimits.mostEntries + 1) entries"), "\(many.message)")

        let plants = Oms_V1_WatchEventsRequest.with { $0.plantIds = (0...InputLimits.mostEntries).map { "X\($0)" } }
        #expect(plants.inputProblem?.code == .invalidArgument)
        let kinds = Oms_V1_WatchEventsRequest.with { $0.kinds = Array(repeating: .order, count: InputLimits.mostEntries + 1) }
        #expect(kinds.inputProblem?.code == .invalidArgument)
        // Fields this build does not define: a few bytes pass, more than a string may hold do not.
        var unknown = try Self.receive { _ in }.serializedBytes() as [UInt8]
        unknown += [0xF8, 0x3F, 0x01]  // field 1023, varint 1
        #expect(try Oms_V1_ReceiveStockRequest(serializedBytes: unknown).inputProblem == nil)
        unknown += [0xFA, 0x3F] + [0x80, 0x80, 0x01] + Array(repeating: 0x41, count: 16_384)  // field 1023, 16 KB
        let padded = try #require(try Oms_V1_ReceiveStockRequest(serializedBytes: unknown).inputProblem)
        #expect(padded.message.contains("does not define"), "\(padded.message)")

        let positions = Oms_V1_WatchEventsRequest.with {
            $0.afterSequence = Dictionary(uniqueKeysWithValues: (0...InputLimits.mostEntries).map { ("X\($0)", UInt64($0)) })
        }
        #expect(positions.inputProblem?.code == .invalidArgument)
    }
}
