import OMSScheduler
import Testing

@Suite struct CalendarTests {
    /// A one-order model on a calendar work center, used to probe calendar behaviour.
    func single(run: Int, release: Int, calendar: WorkCalendar, downtime: [TimeRange] = []) throws -> Plan {
        let model = SchedulingModel(
            calendars: [calendar],
            workCenters: [WorkCenter(id: "W", calendarID: calendar.id, downtime: downtime)],
            orders: [
                ProductionOrder(
                    id: "A", releaseDate: release, dueDate: 0,
                    operations: [Operation(id: "1", workCenter: "W", runMinutesPerUnit: run)])
            ])
        let s = try Scheduler(model: model)
        let plan = s.constructivePlan()
        #expect(s.validate(plan).isEmpty)
        return plan
    }

    @Test func operationPausesOverNightAndWeekend() throws {
        // Mon-Fri 08:00-16:00. Released Friday 15:00, 180 minutes of work:
        // 60 on Friday, then Monday 08:00-10:00.
        let cal = WorkCalendar.daily(id: "c", from: 8 * 60, to: 16 * 60)
        let friday15 = 4 * 1440 + 15 * 60
        let plan = try single(run: 180, release: friday15, calendar: cal)
        let op = try #require(plan.operation(order: "A", operation: "1"))
        #expect(op.start == friday15)
        #expect(op.end == 7 * 1440 + 10 * 60)
    }

    @Test func holidayAndDowntimeAreSkipped() throws {
        // Tuesday is a holiday; Wednesday 08:00-09:00 is downtime.
        let cal = WorkCalendar.daily(
            id: "c", from: 8 * 60, to: 16 * 60, holidays: [TimeRange(start: 1440, end: 2 * 1440)])
        let plan = try single(
            run: 60, release: 1440 + 9 * 60, calendar: cal,
            downtime: [TimeRange(start: 2 * 1440 + 8 * 60, end: 2 * 1440 + 9 * 60)])
        let op = try #require(plan.operation(order: "A", operation: "1"))
        #expect(op.start == 2 * 1440 + 9 * 60)
        #expect(op.end == 2 * 1440 + 10 * 60)
    }

    @Test func nightShiftAcrossMidnightAndWeekWrap() throws {
        // Only Sunday 22:00 to Monday 06:00 (wraps the week boundary).
        let cal = WorkCalendar(id: "n", weeklyShifts: [WeeklyShift(day: 6, startMinute: 22 * 60, endMinute: 30 * 60)])
        let plan = try single(run: 300, release: 0, calendar: cal)
        let op = try #require(plan.operation(order: "A", operation: "1"))
        // Monday 00:00-05:00 of week 0 is working (the wrapped part).
        #expect(op.start == 0)
        #expect(op.end == 300)
        let plan2 = try single(run: 500, release: 0, calendar: cal)
        let op2 = try #require(plan2.operation(order: "A", operation: "1"))
        // 360 minutes on Monday morning, then Sunday 22:00 for the remaining 140.
        #expect(op2.end == 6 * 1440 + 22 * 60 + 140)
    }

    @Test func randomDurationsMatchWorkingMinutes() throws {
        // Property: for random releases and durations, the operation holds
        // exactly its work in working minutes (the validator checks this).
        var rng = SplitMix64(seed: 42)
        let cal = WorkCalendar(
            id: "c",
            weeklyShifts: [
                WeeklyShift(day: 0, startMinute: 360, endMinute: 840), WeeklyShift(day: 2, startMinute: 600, endMinute: 1500),
                WeeklyShift(day: 5, startMinute: 0, endMinute: 60),
            ], holidays: [TimeRange(start: 10_080 + 300, end: 10_080 + 900)])
        for _ in 0..<200 {
            let release = Int(rng.next() % 30_000)
            let run = 1 + Int(rng.next() % 2_000)
            let plan = try single(run: run, release: release, calendar: cal)
            let op = try #require(plan.operation(order: "A", operation: "1"))
            #expect(op.start >= release)
            #expect(op.end > op.start)
        }
    }
}
