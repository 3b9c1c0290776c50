@testable import OMSStore
import XCTest

/// A hand-driven instant: tests move time explicitly, nothing sleeps.
struct TestInstant: InstantProtocol {
    var offset: Duration
    func advanced(by duration: Duration) -> TestInstant { TestInstant(offset: offset + duration) }
    func duration(to other: TestInstant) -> Duration { other.offset - offset }
    static func < (lhs: TestInstant, rhs: TestInstant) -> Bool { lhs.offset < rhs.offset }
    static func ms(_ value: Int) -> TestInstant { TestInstant(offset: .milliseconds(value)) }
}

final class GroupCommitStateMachineTests: XCTestCase {
    typealias Machine = GroupCommitStateMachine<Int, TestInstant>

    private func connectedMachine(_ configuration: GroupCommitConfiguration) -> Machine {
        var machine = Machine(configuration: configuration, now: .ms(0))
        guard case .connect = machine.nextAction(now: .ms(0)) else {
            XCTFail("a new writer connects first")
            return machine
        }
        machine.connected()
        return machine
    }

    private func submitted(_ machine: inout Machine, _ unit: Int, at now: TestInstant) -> Bool {
        if case .enqueued = machine.submit(unit, now: now) { return true }
        return false
    }

    func testRefusesSubmissionsBeforeTheFirstConnection() {
        var machine = Machine(configuration: .groupCommit, now: .ms(0))
        guard case .rejected(let error) = machine.submit(1, now: .ms(0)) else { return XCTFail("accepted") }
        XCTAssertEqual(error.kind, .unavailable)
    }

    func testCommitsEverythingQueuedUpToTheBatchLimit() {
        var machine = connectedMachine(GroupCommitConfiguration(maxBatchUnits: 3))
        for unit in 1...5 { XCTAssertTrue(submitted(&machine, unit, at: .ms(1))) }
        guard case .commit(let first) = machine.nextAction(now: .ms(1)) else { return XCTFail("no commit") }
        XCTAssertEqual(first, [1, 2, 3])
        // Units arriving during a commit join the next batch.
        XCTAssertTrue(submitted(&machine, 6, at: .ms(2)))
        machine.batchCommitted()
        guard case .commit(let second) = machine.nextAction(now: .ms(3)) else { return XCTFail("no commit") }
        XCTAssertEqual(second, [4, 5, 6])
        machine.batchCommitted()
        guard case .waitForWork = machine.nextAction(now: .ms(3)) else { return XCTFail("should wait") }
    }

    func testWakesTheWriterOnlyWhenItWaits() {
        var machine = connectedMachine(.groupCommit)
        guard case .waitForWork = machine.nextAction(now: .ms(0)) else { return XCTFail("should wait") }
        guard case .enqueued(let wake) = machine.submit(1, now: .ms(1)) else { return XCTFail("rejected") }
        XCTAssertTrue(wake)
        guard case .commit = machine.nextAction(now: .ms(1)) else { return XCTFail("no commit") }
        guard case .enqueued(let wakeDuringCommit) = machine.submit(2, now: .ms(1)) else { return XCTFail("rejected") }
        XCTAssertFalse(wakeDuringCommit)
    }

    func testLingersForCompanyButNeverBeyondTheBound() {
        var machine = connectedMachine(GroupCommitConfiguration(minBatchUnits: 3, maxLinger: .milliseconds(2)))
        XCTAssertTrue(submitted(&machine, 1, at: .ms(10)))
        guard case .waitUntil(let deadline) = machine.nextAction(now: .ms(10)) else { return XCTFail("no linger") }
        XCTAssertEqual(deadline, .ms(12))
        XCTAssertTrue(submitted(&machine, 2, at: .ms(11)))
        guard case .waitUntil = machine.nextAction(now: .ms(11)) else { return XCTFail("no linger") }
        guard case .commit(let batch) = machine.nextAction(now: .ms(12)) else { return XCTFail("linger unbounded") }
        XCTAssertEqual(batch, [1, 2])
        machine.batchCommitted()
        for unit in 3...5 { XCTAssertTrue(submitted(&machine, unit, at: .ms(13))) }
        guard case .commit(let full) = machine.nextAction(now: .ms(13)) else { return XCTFail("should not linger") }
        XCTAssertEqual(full, [3, 4, 5])
    }

    func testConnectionLossFailsQueuedUnitsAndRefusesNewOnesUntilReconnected() {
        let configuration = GroupCommitConfiguration(initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40))
        var machine = connectedMachine(configuration)
        XCTAssertTrue(submitted(&machine, 1, at: .ms(0)))
        guard case .commit([1]) = machine.nextAction(now: .ms(0)) else { return XCTFail("no commit") }
        XCTAssertTrue(submitted(&machine, 2, at: .ms(1)))
        XCTAssertEqual(machine.batchFailed(connectionLost: true, now: .ms(5)), [2])

        guard case .rejected(let error) = machine.submit(3, now: .ms(6)) else { return XCTFail("accepted") }
        XCTAssertEqual(error.kind, .unavailable)

        // Backoff doubles from 10 ms and is capped at 40 ms.
        guard case .waitUntil(.ms(15)) = machine.nextAction(now: .ms(6)) else { return XCTFail("no backoff") }
        var now = 15
        for expectedDelay in [20, 40, 40] {
            guard case .connect = machine.nextAction(now: .ms(now)) else { return XCTFail("no reconnect") }
            machine.connectFailed(now: .ms(now))
            guard case .waitUntil(let retry) = machine.nextAction(now: .ms(now)) else { return XCTFail("no wait") }
            XCTAssertEqual(retry, .ms(now + expectedDelay))
            now += expectedDelay
        }
        guard case .connect = machine.nextAction(now: .ms(now)) else { return XCTFail("no reconnect") }
        machine.connected()
        XCTAssertTrue(submitted(&machine, 4, at: .ms(now)))
    }

    func testRejectedBatchKeepsTheConnectionAndTheQueue() {
        var machine = connectedMachine(GroupCommitConfiguration(maxBatchUnits: 1))
        XCTAssertTrue(submitted(&machine, 1, at: .ms(0)))
        XCTAssertTrue(submitted(&machine, 2, at: .ms(0)))
        guard case .commit([1]) = machine.nextAction(now: .ms(0)) else { return XCTFail("no commit") }
        XCTAssertEqual(machine.batchFailed(connectionLost: false, now: .ms(1)), [])
        guard case .commit([2]) = machine.nextAction(now: .ms(1)) else { return XCTFail("queue lost") }
    }

    func testBoundedQueueRefusesWhenFull() {
        var machine = connectedMachine(GroupCommitConfiguration(maxQueuedUnits: 2))
        XCTAssertTrue(submitted(&machine, 1, at: .ms(0)))
        XCTAssertTrue(submitted(&machine, 2, at: .ms(0)))
        guard case .rejected(let error) = machine.submit(3, now: .ms(0)) else { return XCTFail("accepted") }
        XCTAssertEqual(error.kind, .overloaded)
    }

    func testStopCommitsWhatIsQueuedThenExits() {
        var machine = connectedMachine(GroupCommitConfiguration(minBatchUnits: 10, maxLinger: .seconds(1)))
        XCTAssertTrue(submitted(&machine, 1, at: .ms(0)))
        _ = machine.stop()
        guard case .rejected(let error) = machine.submit(2, now: .ms(0)) else { return XCTFail("accepted") }
        XCTAssertEqual(error.kind, .shutDown)
        // No lingering once stopping.
        guard case .commit([1]) = machine.nextAction(now: .ms(0)) else { return XCTFail("queued unit dropped") }
        machine.batchCommitted()
        guard case .exit = machine.nextAction(now: .ms(0)) else { return XCTFail("did not exit") }
    }

    func testBackoffIsBounded() {
        let configuration = GroupCommitConfiguration(initialBackoff: .milliseconds(50), maxBackoff: .seconds(2))
        XCTAssertEqual(configuration.backoff(attempt: 0), .milliseconds(50))
        XCTAssertEqual(configuration.backoff(attempt: 3), .milliseconds(400))
        XCTAssertEqual(configuration.backoff(attempt: 1000), .seconds(2))
    }
}
