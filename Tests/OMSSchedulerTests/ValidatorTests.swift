import OMSScheduler
import Testing

@Suite struct ValidatorTests {
    @Test(arguments: 0..<12)
    func constructivePlansAreValid(seed: UInt64) throws {
        let s = try Scheduler(model: TestModels.random(seed: seed))
        for rule in DispatchRule.allCases {
            let plan = s.constructivePlan(rules: [rule])
            let v = s.validate(plan)
            #expect(v.isEmpty, "seed \(seed) rule \(rule): \(v.prefix(3))")
            #expect(s.validate(plan.operations).isEmpty)
        }
    }

    @Test(arguments: 0..<8)
    func improvedPlansAreValidAndNoWorse(seed: UInt64) throws {
        let s = try Scheduler(model: TestModels.random(seed: 100 + seed))
        let initial = s.constructivePlan()
        let r = s.improve(initial, options: SearchOptions(timeLimit: .seconds(60), maxIterations: 150, threads: 2, seed: seed))
        #expect(s.validate(r.plan).isEmpty, "\(s.validate(r.plan).prefix(3))")
        #expect(r.plan.objective.cost <= initial.objective.cost)
        #expect(r.stopReason == .iterationLimit)
    }

    @Test func detectsEveryKindOfViolation() throws {
        let model = SchedulingModel(
            calendars: [WorkCalendar.daily(id: "c", from: 8 * 60, to: 16 * 60)],
            workCenters: [WorkCenter(id: "A"), WorkCenter(id: "B", calendarID: "c")],
            orders: [
                ProductionOrder(
                    id: "X", releaseDate: 100, dueDate: 10_000,
                    operations: [
                        Operation(id: "1", workCenter: "A", runMinutesPerUnit: 50, materialAvailableAt: 120),
                        Operation(id: "2", workCenter: "B", runMinutesPerUnit: 60),
                    ]),
                ProductionOrder(
                    id: "Y", dueDate: 10_000,
                    operations: [
                        Operation(
                            id: "1", workCenter: "A", runMinutesPerUnit: 10,
                            frozen: FrozenAssignment(workCenter: "A", start: 0, end: 10))
                    ]),
            ])
        let s = try Scheduler(model: model)
        let plan = s.constructivePlan()
        #expect(s.validate(plan).isEmpty)
        var ops = plan.operations
        func kinds(_ ops: [ScheduledOperation]) -> Set<Violation.Kind> { Set(s.validate(ops).map(\.kind)) }
        // X/1 before its release and material; overlapping the frozen Y/1.
        var bad = ops
        bad[0].start = 5
        bad[0].end = 55
        #expect(kinds(bad).isSuperset(of: [.release, .material, .capacity]))
        // X/2 starting before X/1 ends, outside working time.
        bad = ops
        bad[1].start = bad[0].end - 10
        bad[1].end = bad[1].start + 60
        #expect(kinds(bad).contains(.precedence))
        bad = ops
        bad[1].start = 16 * 60
        bad[1].end = 16 * 60 + 60
        #expect(kinds(bad).contains(.calendar))
        // Wrong work center, moved frozen operation, missing operation.
        bad = ops
        bad[1].workCenter = "A"
        #expect(kinds(bad).contains(.ineligibleWorkCenter))
        bad = ops
        bad[2].start += 1
        bad[2].end += 1
        #expect(kinds(bad).contains(.frozenMoved))
        ops.removeLast()
        #expect(kinds(ops).contains(.missingOperation))
    }

    @Test func sequenceDependentSetupsAreChecked() throws {
        let model = SchedulingModel(
            workCenters: [
                WorkCenter(id: "P", setupMatrix: [SetupTransition(from: "a", to: "b", minutes: 30)], initialFamily: "a")
            ],
            orders: [
                ProductionOrder(id: "1", dueDate: 0, operations: [Operation(id: "x", workCenter: "P", setupMinutes: 5, runMinutesPerUnit: 10, setupFamily: "a")]),
                ProductionOrder(id: "2", dueDate: 0, operations: [Operation(id: "x", workCenter: "P", setupMinutes: 5, runMinutesPerUnit: 10, setupFamily: "b")]),
            ])
        let s = try Scheduler(model: model, objective: .makespanOnly)
        // a then b: 0 setup (same as initial) + 30 changeover.
        let ok = [
            ScheduledOperation(order: "1", operation: "x", workCenter: "P", unit: 0, start: 0, end: 10),
            ScheduledOperation(order: "2", operation: "x", workCenter: "P", unit: 0, start: 10, end: 50),
        ]
        #expect(s.validate(ok).isEmpty)
        var short = ok
        short[1].end = 30
        #expect(s.validate(short).map(\.kind) == [.calendar])
        let plan = s.constructivePlan()
        #expect(plan.makespan == 50)
        #expect(plan.objective.totalSetup == 30)
    }
}
