import Foundation
@testable import OMSStore
import XCTest

/// Units of one shard that meet in a transaction are projected together,
/// once, so a transaction's statements do not grow with its number of units
/// (against the real writer: JournalWriterTests).
final class JournalProjectionTests: XCTestCase {
    func testEachShardIsProjectedOnceWithItsLaterUnitsInOrder() throws {
        let calls = LockedValue<[ProjectionCall]>([])
        func unit(_ shard: String, _ seq: Int64, _ id: Int) -> JournalUnit {
            JournalUnit(shard: shard, events: [event(seq)], projection: RecordingProjection(id: id, calls: calls)) { _ in }
        }
        let units = [unit("P1", 1, 10), unit("P2", 1, 20), unit("P1", 2, 11), unit("P1", 3, 12), unit("P2", 2, 21)]

        let statements = try JournalStatements.transaction(for: units).get()

        XCTAssertEqual(
            calls.get(),
            [ProjectionCall(shard: "P1", first: 10, later: [11, 12]), ProjectionCall(shard: "P2", first: 20, later: [21])])
        XCTAssertEqual(
            statements.map(\.label),
            ["BEGIN", JournalStatements.appendMany.name, "projection P1 10+11+12", "projection P2 20+21",
             JournalStatements.advanceHeads.name, "COMMIT"])
    }

    /// A transaction with a statement over the size limit is refused before
    /// anything is sent (the writer then commits its units one at a time);
    /// each unit alone fits.
    func testATransactionOverTheStatementLimitIsRejectedButEachUnitFits() throws {
        func unit(_ seq: Int64) -> JournalUnit {
            JournalUnit(
                shard: "P1", events: [JournalEvent(seq: seq, type: "t", payload: Array(repeating: 1, count: 600), commandID: nil)],
                projection: nil) { _ in }
        }
        let units = [unit(1), unit(2)]
        guard case .failure(let error) = JournalStatements.transaction(for: units, largestStatement: 1_000) else {
            return XCTFail("two 600-byte payloads in one statement are over 1,000 bytes")
        }
        XCTAssertEqual(error.kind, .rejected)
        XCTAssertTrue(error.message.contains("over the 1000"), error.message)
        for single in units {
            XCTAssertNoThrow(try JournalStatements.transaction(for: [single], largestStatement: 1_000).get())
        }
    }

    func testFixedStatementsOfLaterUnitsFollowInOrder() throws {
        let first = FixedStatements([.sql("SELECT 1", parameters: [])])
        let later: [any JournalProjection] = [
            FixedStatements([.sql("SELECT 2", parameters: [])]), FixedStatements([]),
            FixedStatements([.sql("SELECT 3", parameters: []), .sql("SELECT 4", parameters: [])]),
        ]
        XCTAssertEqual(
            first.statements(shard: "P1", followedBy: later).map(\.label),
            ["SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4"])
    }
}

struct ProjectionCall: Equatable {
    var shard: String
    var first: Int
    var later: [Int]
}

/// Records how the writer asked for its statements; one harmless statement
/// naming the units it covers.
struct RecordingProjection: JournalProjection {
    let id: Int
    let calls: LockedValue<[ProjectionCall]>

    func statements(shard: String, followedBy later: [any JournalProjection]) -> [PGStatement] {
        let laterIDs = later.compactMap { ($0 as? RecordingProjection)?.id }
        calls.update { $0.append(ProjectionCall(shard: shard, first: id, later: laterIDs)) }
        let covered = ([id] + laterIDs).map(String.init).joined(separator: "+")
        return [.sql("SELECT 'projection \(shard) \(covered)'", parameters: [])]
    }
}

/// Signals when the writer builds its transaction: the unit has left the queue.
struct GateProjection: JournalProjection {
    let started: DispatchSemaphore
    let statement: PGStatement

    func statements(shard: String, followedBy later: [any JournalProjection]) -> [PGStatement] {
        started.signal()
        return [statement]
    }
}

extension PGStatement {
    /// The prepared statement's name, or the SQL text with a recording
    /// projection's literal unquoted: what a test compares.
    var label: String {
        switch self {
        case .prepared(let name, _): name
        case .sql(let text, _):
            text.hasPrefix("SELECT 'projection ") ? String(text.dropFirst(8).dropLast()) : text
        }
    }
}
