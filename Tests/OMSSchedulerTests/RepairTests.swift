import OMSScheduler
import Testing

@Suite struct RepairTests {
    func rush(_ id: String, due: Int) -> ProductionOrder {
        ProductionOrder(
            id: id, quantity: 2, releaseDate: 200, dueDate: due, priority: 50,
            operations: [
                Operation(id: "a", workCenter: "WC0", setupMinutes: 5, runMinutesPerUnit: 10),
                Operation(id: "b", workCenter: "WC2", setupMinutes: 5, runMinutesPerUnit: 10, setupFamily: "red"),
                Operation(id: "c", workCenter: "WC1", runMinutesPerUnit: 7),
            ])
    }

    @Test(arguments: 0..<8)
    func rushInsertionMovesOnlyWhatMust(seed: UInt64) throws {
        let s = try Scheduler(model: TestModels.random(seed: 500 + seed, orders: 25))
        let plan = s.improve(s.constructivePlan(), options: SearchOptions(maxIterations: 50, threads: 1, seed: seed)).plan
        let r = try s.insert(rush("RUSH", due: 400), into: plan, mode: .rush)
        #expect(r.scheduler.validate(r.plan).isEmpty, "\(r.scheduler.validate(r.plan).prefix(3))")
        #expect(r.diff.addedOperations.count == 3)
        // Existing work keeps its unit; it can only move later, never earlier.
        for change in r.diff.movedOperations {
            #expect(change.after.workCenter == change.before.workCenter && change.after.unit == change.before.unit)
            #expect(change.after.start >= change.before.start)
            #expect(!change.before.frozen)
        }
        // Operations that did not move are exactly where they were.
        let moved = Set(r.diff.movedOperations.map { "\($0.before.order)/\($0.before.operation)" })
        for op in plan.operations where !moved.contains("\(op.order)/\(op.operation)") {
            #expect(r.plan.operation(order: op.order, operation: op.operation) == op)
        }
        // Gap filling moves nothing that has no setup change, and never finishes earlier than rush.
        let g = try s.insert(rush("RUSH", due: 400), into: plan, mode: .fillGaps)
        #expect(g.scheduler.validate(g.plan).isEmpty)
        let rushDone = try #require(r.plan.order("RUSH")).completion
        let gapDone = try #require(g.plan.order("RUSH")).completion
        #expect(rushDone <= gapDone)
        for change in g.diff.movedOperations { #expect(change.after.start >= change.before.start) }
        // Then the search improves the repaired plan in the background.
        let better = r.scheduler.improve(r.plan, options: SearchOptions(maxIterations: 30, threads: 2, seed: seed))
        #expect(better.plan.objective.cost <= r.plan.objective.cost)
        #expect(r.scheduler.validate(better.plan).isEmpty)
    }

    @Test func rushWithoutCalendarsPushesOnlyDownstream() throws {
        // One machine, three orders back to back; a rush order released at 15
        // goes right after the running one and pushes only the one after it.
        let model = SchedulingModel(
            workCenters: [WorkCenter(id: "M")],
            orders: (0..<3).map { i in
                ProductionOrder(id: "O\(i)", dueDate: 1000, operations: [Operation(id: "1", workCenter: "M", runMinutesPerUnit: 10)])
            })
        let s = try Scheduler(model: model, objective: .makespanOnly)
        let plan = s.constructivePlan()
        let r = try s.insert(
            ProductionOrder(id: "R", releaseDate: 15, dueDate: 30, priority: 10,
                operations: [Operation(id: "1", workCenter: "M", runMinutesPerUnit: 5)]),
            into: plan)
        #expect(r.plan.operation(order: "R", operation: "1")?.start == 20)
        #expect(r.diff.movedOperations.count == 1)
        #expect(r.diff.changedOrders == [OrderDateChange(order: "O2", before: 30, after: 35)])
        let promise = try s.capableToPromise(
            ProductionOrder(id: "R", releaseDate: 15, dueDate: 30, operations: [Operation(id: "1", workCenter: "M", runMinutesPerUnit: 5)]),
            plan: plan)
        #expect(promise.completion == 35)
        #expect(promise.impact.isEmpty)
        #expect(plan.order("R") == nil)  // nothing committed
    }

    @Test func downtimeMovesAffectedOperations() throws {
        let s = try Scheduler(model: TestModels.random(seed: 900, orders: 20, frozen: false))
        let plan = s.constructivePlan()
        let busy = try #require(plan.operations.filter { $0.workCenter == "WC3" }.min { $0.start < $1.start })
        let r = try s.replan(plan, after: .downtime(workCenter: "WC3", range: TimeRange(start: busy.start, end: busy.start + 120)))
        #expect(r.scheduler.validate(r.plan).isEmpty)
        let after = try #require(r.plan.operation(order: busy.order, operation: busy.operation))
        #expect(after.start >= busy.start + 120 || after.end <= busy.start || after.unit != busy.unit)
        #expect(r.diff.movedOperations.contains { $0.before.order == busy.order && $0.before.operation == busy.operation })
        for c in r.diff.movedOperations { #expect(c.after.start >= c.before.start) }
    }

    @Test func downtimeIsReportedAsTheCause() throws {
        let model = SchedulingModel(
            workCenters: [WorkCenter(id: "A")],
            orders: [ProductionOrder(id: "X", dueDate: 60, operations: [Operation(id: "1", workCenter: "A", runMinutesPerUnit: 60)])])
        let s = try Scheduler(model: model)
        let r = try s.replan(s.constructivePlan(), after: .downtime(workCenter: "A", range: TimeRange(start: 10, end: 100)))
        let x = try #require(r.plan.order("X"))
        #expect(x.completion == 150)
        #expect(x.primaryCause == .downtime)
        #expect(x.causes[.downtime] == 90)
        #expect(r.diff.changedOrders == [OrderDateChange(order: "X", before: 60, after: 150)])
    }

    @Test func operationFinishingLateOrEarlyShiftsSuccessors() throws {
        let model = SchedulingModel(
            workCenters: [WorkCenter(id: "A"), WorkCenter(id: "B")],
            orders: [
                ProductionOrder(id: "X", dueDate: 100, operations: [
                    Operation(id: "1", workCenter: "A", runMinutesPerUnit: 30,
                        frozen: FrozenAssignment(workCenter: "A", start: 0, end: 30)),
                    Operation(id: "2", workCenter: "B", runMinutesPerUnit: 20),
                ]),
                ProductionOrder(id: "Y", dueDate: 100, operations: [Operation(id: "1", workCenter: "A", runMinutesPerUnit: 10)]),
            ])
        let s = try Scheduler(model: model)
        let plan = s.constructivePlan()
        #expect(plan.operation(order: "X", operation: "2")?.start == 30)
        let late = try s.replan(plan, after: .operationEndChanged(order: "X", operation: "1", expectedEnd: 50))
        #expect(late.plan.operation(order: "X", operation: "2")?.start == 50)
        #expect(late.plan.operation(order: "Y", operation: "1")?.start == 50)
        #expect(Set(late.diff.changedOrders.map(\.order)) == ["X", "Y"])
        let early = try s.replan(plan, after: .operationEndChanged(order: "X", operation: "1", expectedEnd: 20))
        #expect(early.plan.operation(order: "X", operation: "2")?.start == 20)
        #expect(early.scheduler.validate(early.plan).isEmpty)
    }

    @Test func scrapMaterialDelayAndCancellation() throws {
        let model = SchedulingModel(
            workCenters: [WorkCenter(id: "A"), WorkCenter(id: "B")],
            orders: [
                ProductionOrder(id: "X", quantity: 2, dueDate: 1000, operations: [
                    Operation(id: "1", workCenter: "A", runMinutesPerUnit: 10),
                    Operation(id: "2", workCenter: "B", runMinutesPerUnit: 5),
                ]),
                ProductionOrder(id: "Y", dueDate: 1000, operations: [Operation(id: "1", workCenter: "A", runMinutesPerUnit: 10)]),
            ])
        let s = try Scheduler(model: model)
        let plan = s.constructivePlan()
        let scrap = try s.replan(plan, after: .scrap(order: "X", additionalQuantity: 1))
        let x1 = try #require(scrap.plan.operation(order: "X", operation: "1"))
        #expect(x1.end - x1.start == 30)
        #expect(scrap.scheduler.validate(scrap.plan).isEmpty)
        let mat = try s.replan(plan, after: .materialDelay(order: "X", operation: "2", availableAt: 300))
        #expect(mat.plan.operation(order: "X", operation: "2")?.start == 300)
        #expect(mat.diff.changedOrders.map(\.order) == ["X"])
        let cancel = try s.replan(plan, after: .orderCancelled(order: "X"))
        #expect(cancel.diff.removedOrders == ["X"])
        #expect(cancel.plan.order("X") == nil)
        #expect(cancel.scheduler.validate(cancel.plan).isEmpty)
        #expect(throws: ModelError.self) { try s.replan(plan, after: .orderCancelled(order: "nope")) }
    }
}
