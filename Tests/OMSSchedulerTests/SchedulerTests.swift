import OMSScheduler
import Testing

@Suite struct SchedulerTests {
    @Test(arguments: 0..<6)
    func frozenOperationsStayExactlyInPlace(seed: UInt64) throws {
        let model = TestModels.random(seed: 300 + seed, orders: 16)
        let s = try Scheduler(model: model)
        let r = s.improve(s.constructivePlan(), options: SearchOptions(maxIterations: 100, threads: 1, seed: seed))
        var frozenCount = 0
        for order in model.orders {
            for op in order.operations {
                guard let f = op.frozen else { continue }
                frozenCount += 1
                let p = try #require(r.plan.operation(order: order.id, operation: op.id))
                #expect(p.frozen)
                #expect(p.workCenter == f.workCenter && p.unit == f.unit && p.start == f.start && p.end == f.end)
            }
        }
        #expect(s.validate(r.plan).isEmpty)
        #expect(frozenCount > 0, "the generator should freeze some operations")
    }

    @Test func materialDateHoldsTheStartAndIsReportedAsCause() throws {
        let model = SchedulingModel(
            workCenters: [WorkCenter(id: "A"), WorkCenter(id: "B")],
            orders: [
                ProductionOrder(
                    id: "M", dueDate: 100,
                    operations: [
                        Operation(id: "1", workCenter: "A", runMinutesPerUnit: 10),
                        Operation(id: "2", workCenter: "B", runMinutesPerUnit: 10, materialAvailableAt: 500),
                    ])
            ])
        let s = try Scheduler(model: model)
        let plan = s.constructivePlan()
        #expect(plan.operation(order: "M", operation: "2")?.start == 500)
        let o = try #require(plan.order("M"))
        #expect(o.lateness == 410)
        #expect(o.primaryCause == .material)
        #expect(s.validate(plan).isEmpty)
    }

    @Test func capacityAndCalendarCausesAreReported() throws {
        let model = SchedulingModel(
            calendars: [WorkCalendar.daily(id: "c", from: 0, to: 8 * 60)],
            workCenters: [WorkCenter(id: "A"), WorkCenter(id: "C", calendarID: "c")],
            orders: [
                ProductionOrder(id: "first", dueDate: 100, priority: 10, operations: [Operation(id: "1", workCenter: "A", runMinutesPerUnit: 100)]),
                ProductionOrder(id: "second", dueDate: 100, priority: 1, operations: [Operation(id: "1", workCenter: "A", runMinutesPerUnit: 100)]),
                ProductionOrder(id: "night", dueDate: 600, operations: [Operation(id: "1", workCenter: "C", runMinutesPerUnit: 600)]),
            ])
        let s = try Scheduler(model: model)
        let plan = s.improve(s.constructivePlan(), options: SearchOptions(maxIterations: 50, threads: 1)).plan
        #expect(plan.order("first")?.lateness == 0)
        #expect(plan.order("second")?.primaryCause == .capacity)
        #expect(plan.order("night")?.primaryCause == .calendar)
        #expect(plan.order("night")?.completion == 1440 + 120)
    }

    @Test func alternateWorkCenterIsUsedWhenItHelps() throws {
        let model = SchedulingModel(
            workCenters: [WorkCenter(id: "Fast"), WorkCenter(id: "Slow")],
            orders: (0..<4).map { i in
                ProductionOrder(
                    id: "O\(i)", dueDate: 0,
                    operations: [
                        Operation(
                            id: "1", workCenter: "Fast", runMinutesPerUnit: 10,
                            alternates: [AlternateRoute(workCenter: "Slow", runMinutesPerUnit: 15)])
                    ])
            })
        let s = try Scheduler(model: model, objective: .makespanOnly)
        let plan = s.improve(s.constructivePlan(), options: SearchOptions(maxIterations: 200, threads: 1)).plan
        // Optimal: 2 on Fast (20), 2 on Slow (30) -> 30; all on Fast would be 40.
        #expect(plan.makespan == 30)
        #expect(Set(plan.operations.map(\.workCenter)) == ["Fast", "Slow"])
        #expect(s.validate(plan).isEmpty)
    }

    @Test func searchReducesSetupsWhenAskedTo() throws {
        // Alternating families on one machine; grouping them saves changeovers.
        let fams = ["a", "b", "a", "b", "a", "b"]
        let model = SchedulingModel(
            workCenters: [
                WorkCenter(
                    id: "P",
                    setupMatrix: [SetupTransition(from: "a", to: "b", minutes: 20), SetupTransition(from: "b", to: "a", minutes: 20)])
            ],
            orders: fams.enumerated().map { i, f in
                ProductionOrder(
                    id: "O\(i)", dueDate: 10_000,
                    operations: [Operation(id: "1", workCenter: "P", setupMinutes: 20, runMinutesPerUnit: 10, setupFamily: f)])
            })
        let s = try Scheduler(model: model, objective: Objective(makespan: 1, setup: 1))
        let plan = s.improve(s.constructivePlan(), options: SearchOptions(maxIterations: 300, threads: 1)).plan
        // Best: one initial setup (20) + one changeover (20).
        #expect(plan.objective.totalSetup == 40)
        #expect(plan.makespan == 100)
        #expect(s.validate(plan).isEmpty)
    }

    @Test func generalModelSearchIsDeterministic() throws {
        let s = try Scheduler(model: TestModels.random(seed: 77, orders: 20))
        let opts = SearchOptions(timeLimit: .seconds(120), maxIterations: 120, threads: 2, seed: 3, epochIterations: 40)
        let a = s.improve(s.constructivePlan(), options: opts).plan
        let b = s.improve(s.constructivePlan(), options: opts).plan
        #expect(a.operations == b.operations)
    }

    @Test func cancelledSearchStopsAndKeepsBestPlan() throws {
        let s = try Scheduler(model: TestModels.random(seed: 5, orders: 30))
        let control = SearchControl()
        control.cancel()
        let initial = s.constructivePlan()
        let r = s.improve(initial, options: SearchOptions(timeLimit: .seconds(600), threads: 2), control: control)
        #expect(r.stopReason == .cancelled)
        #expect(r.plan.objective.cost <= initial.objective.cost)
        #expect(control.bestPlan != nil)
    }

    @Test func emptyAndAllFrozenModelsAreHandled() throws {
        let empty = try Scheduler(model: SchedulingModel(workCenters: [WorkCenter(id: "A")], orders: []))
        let plan = empty.constructivePlan()
        #expect(plan.operationCount == 0)
        #expect(empty.improve(plan, options: SearchOptions(maxIterations: 10, threads: 2)).iterations == 0)
        let frozen = try Scheduler(model: SchedulingModel(workCenters: [WorkCenter(id: "A")], orders: [
            ProductionOrder(id: "x", dueDate: 0, operations: [
                Operation(id: "1", workCenter: "A", runMinutesPerUnit: 5, frozen: FrozenAssignment(workCenter: "A", start: 7, end: 12))
            ])
        ]))
        let fp = frozen.improve(frozen.constructivePlan(), options: SearchOptions(maxIterations: 10)).plan
        #expect(fp.operation(order: "x", operation: "1")?.start == 7)
        #expect(fp.order("x")?.lateness == 12)
        #expect(fp.order("x")?.primaryCause == .upstreamDelay)
    }

    @Test func rejectsInconsistentModels() {
        let wc = [WorkCenter(id: "A")]
        #expect(throws: ModelError.self) {
            try Scheduler(model: SchedulingModel(workCenters: wc, orders: [
                ProductionOrder(id: "x", dueDate: 0, operations: [Operation(id: "1", workCenter: "Nope", runMinutesPerUnit: 1)])
            ]))
        }
        #expect(throws: ModelError.self) {
            try Scheduler(model: SchedulingModel(workCenters: wc, orders: [
                ProductionOrder(id: "x", dueDate: 0, operations: [
                    Operation(id: "1", workCenter: "A", runMinutesPerUnit: 1, predecessors: ["2"]),
                    Operation(id: "2", workCenter: "A", runMinutesPerUnit: 1),
                ])
            ]))
        }
        #expect(throws: ModelError.self) {
            try Scheduler(model: SchedulingModel(workCenters: [WorkCenter(id: "A", calendarID: "missing")], orders: []))
        }
    }
}
