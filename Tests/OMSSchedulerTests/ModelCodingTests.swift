import Foundation
import OMSScheduler
import Testing

@Suite struct ModelCodingTests {
    @Test func minimalJSONUsesDefaults() throws {
        let json = """
            {"workCenters": [{"id": "A"}],
             "orders": [{"id": "o", "dueDate": 10, "operations": [
                {"id": "1", "workCenter": "A", "runMinutesPerUnit": 3,
                 "frozen": {"workCenter": "A", "start": 0, "end": 3}},
                {"id": "2", "workCenter": "A", "runMinutesPerUnit": 4,
                 "alternates": [{"workCenter": "A", "runMinutesPerUnit": 5}]}]}]}
            """
        let model = try JSONDecoder().decode(SchedulingModel.self, from: Data(json.utf8))
        #expect(model.calendars.isEmpty)
        #expect(model.workCenters[0].capacity == 1)
        #expect(model.orders[0].quantity == 1 && model.orders[0].priority == 1 && model.orders[0].releaseDate == 0)
        #expect(model.orders[0].operations[0].frozen?.unit == 0)
        #expect(model.orders[0].operations[1].alternates[0].setupMinutes == 0)
        let s = try Scheduler(model: model)
        let plan = s.constructivePlan()
        #expect(plan.operation(order: "o", operation: "2")?.start == 3)
        #expect(plan.operation(order: "o", operation: "2")?.end == 7)
        #expect(s.validate(plan).isEmpty)
    }

    @Test func modelRoundTrips() throws {
        let model = TestModels.random(seed: 3)
        let data = try JSONEncoder().encode(model)
        #expect(try JSONDecoder().decode(SchedulingModel.self, from: data) == model)
        let s = try Scheduler(model: model)
        let report = s.constructivePlan().report()
        let back = try JSONDecoder().decode(PlanReport.self, from: JSONEncoder().encode(report))
        #expect(back == report)
        #expect(s.validate(back.operations).isEmpty)
    }
}
