import OMSScheduler

/// Seeded instance generators for the benchmarks.
enum Generators {
    /// Random job shop, Taillard-style: each job visits every machine once in
    /// random order, times uniform in 1...99.
    static func jobShop(seed: UInt64, jobs: Int, machines: Int) -> JobShopInstance {
        var rng = SplitMix64(seed: seed)
        var js: [[JobShopStep]] = []
        for _ in 0..<jobs {
            var ms = Array(0..<machines)
            ms.shuffle(using: &rng)
            js.append(ms.map { JobShopStep(machine: $0, duration: 1 + Int(rng.next() % 99)) })
        }
        return JobShopInstance(jobs: js, machineCount: machines)
    }

    /// A plant: `workCenters` work centers (some with 2 units) on two-shift or
    /// three-shift calendars with a holiday, `orders` orders of `ops`
    /// operations, setup families on a few work centers, some alternates,
    /// material dates; releases spread over four weeks, due 4-14 days later.
    static func plant(seed: UInt64, orders: Int, ops: Int, workCenters: Int, releaseDays: Int = 28) -> SchedulingModel {
        var rng = SplitMix64(seed: seed)
        func r(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let calendars = [
            WorkCalendar(
                id: "2shift",
                weeklyShifts: (0..<5).map { WeeklyShift(day: $0, startMinute: 6 * 60, endMinute: 22 * 60) },
                holidays: [TimeRange(start: 14 * 1440, end: 15 * 1440)]),
            WorkCalendar(
                id: "3shift", weeklyShifts: (0..<6).map { WeeklyShift(day: $0, startMinute: 0, endMinute: 1440) },
                holidays: [TimeRange(start: 14 * 1440, end: 15 * 1440)]),
        ]
        let families = ["A", "B", "C", "D"]
        var wcs: [WorkCenter] = []
        for i in 0..<workCenters {
            var wc = WorkCenter(id: "WC\(i)", capacity: i % 5 == 0 ? 2 : 1, calendarID: i % 3 == 0 ? "3shift" : "2shift")
            if i % 7 == 0 {
                wc.setupMatrix = families.flatMap { a in
                    families.compactMap { b in a == b ? nil : SetupTransition(from: a, to: b, minutes: 10 + r(30)) }
                }
            }
            wcs.append(wc)
        }
        var os: [ProductionOrder] = []
        os.reserveCapacity(orders)
        for j in 0..<orders {
            var list: [Operation] = []
            for k in 0..<ops {
                let w = r(workCenters)
                var op = Operation(id: "\(k)", workCenter: "WC\(w)", setupMinutes: r(15), runMinutesPerUnit: 1 + r(3))
                if w % 7 == 0 { op.setupFamily = families[r(4)] }
                if r(10) == 0 { op.alternates = [AlternateRoute(workCenter: "WC\((w + 1) % workCenters)", runMinutesPerUnit: 2 + r(4))] }
                if r(20) == 0 { op.materialAvailableAt = r(10 * 1440) }
                list.append(op)
            }
            let release = r(releaseDays * 1440)
            os.append(
                ProductionOrder(
                    id: "PO\(j)", quantity: 1 + r(10), releaseDate: release, dueDate: release + 4 * 1440 + r(10 * 1440),
                    priority: Double(1 + r(5)), operations: list))
        }
        return SchedulingModel(calendars: calendars, workCenters: wcs, orders: os)
    }
}
