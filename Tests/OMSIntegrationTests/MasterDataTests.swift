import Foundation
import OMSClient
import OMSProto
import OMSWire
import Testing

/// Master data through the real daemon: validated, versioned, and durable
/// across a SIGKILL like every other write.
@Suite("Master data", .serialized)
struct MasterDataTests {
    @Test func routingsAreValidatedVersionedAndSurviveACrash() async throws {
        var daemon = try await DaemonProcess.start()
        var client = try await OMSClient.connect(to: daemon.unix)

        try await client.upsertPlantP1()
        var calendar = Oms_V1_Calendar()
        calendar.calendarID = "P1-DAYS"
        calendar.plantID = "P1"
        calendar.name = "Weekdays, one shift"
        calendar.shifts = (1...5).map { day in
            var shift = Oms_V1_Shift()
            shift.weekday = UInt32(day)
            shift.startMinute = 6 * 60
            shift.durationMinutes = 8 * 60
            return shift
        }
        var calendarRequest = Oms_V1_UpsertCalendarRequest()
        calendarRequest.calendar = calendar
        let _: Oms_V1_UpsertCalendarResponse = try await client.unary("oms.v1.MasterDataService/UpsertCalendar", calendarRequest)

        var workCenter = Oms_V1_WorkCenter()
        workCenter.workCenterID = "LATHE-1"
        workCenter.plantID = "P1"
        workCenter.name = "Lathe"
        workCenter.parallelCapacity = 1
        workCenter.calendarID = "P1-DAYS"
        var workCenterRequest = Oms_V1_UpsertWorkCenterRequest()
        workCenterRequest.workCenter = workCenter
        let _: Oms_V1_UpsertWorkCenterResponse = try await client.unary("oms.v1.MasterDataService/UpsertWorkCenter", workCenterRequest)

        var item = Oms_V1_Item()
        item.itemID = "SHAFT-20"
        item.name = "Shaft 20 mm"
        item.sourcing = .make
        item.unit = "pc"
        var itemRequest = Oms_V1_UpsertItemRequest()
        itemRequest.item = item
        let _: Oms_V1_UpsertItemResponse = try await client.unary("oms.v1.MasterDataService/UpsertItem", itemRequest)

        // A routing that names a work center nobody created is refused, with the field named.
        var routing = Oms_V1_Routing()
        routing.routingID = "R-SHAFT-20"
        routing.plantID = "P1"
        routing.itemID = "SHAFT-20"
        routing.isDefault = true
        var turning = Oms_V1_RoutingOperation()
        turning.sequence = 10
        turning.name = "Turn"
        turning.workCenterID = "LATHE-9"
        turning.setupSeconds = 600
        turning.runSecondsPerUnit = "45"
        routing.operations = [turning]
        var routingRequest = Oms_V1_UpsertRoutingRequest()
        routingRequest.routing = routing
        let refusal = await #expect(throws: RPCError.self) {
            let _: Oms_V1_UpsertRoutingResponse = try await client.unary("oms.v1.MasterDataService/UpsertRouting", routingRequest)
        }
        #expect(refusal?.code == .invalidArgument)
        let fields = refusal?.details.compactMap { $0.fieldViolation.field } ?? []
        #expect(fields.contains { $0.contains("operations[0].work_center_id") }, "field named: \(fields)")

        // Valid: version 1; the same content again is no change; a change is version 2.
        routingRequest.routing.operations[0].workCenterID = "LATHE-1"
        let first: Oms_V1_UpsertRoutingResponse = try await client.unary("oms.v1.MasterDataService/UpsertRouting", routingRequest)
        #expect(first.routing.version == 1)
        let again: Oms_V1_UpsertRoutingResponse = try await client.unary("oms.v1.MasterDataService/UpsertRouting", routingRequest)
        #expect(again.routing.version == 1)
        routingRequest.routing.operations[0].runSecondsPerUnit = "40"
        routingRequest.expectedVersion = 1
        let second: Oms_V1_UpsertRoutingResponse = try await client.unary("oms.v1.MasterDataService/UpsertRouting", routingRequest)
        #expect(second.routing.version == 2)

        // Based on a version that is no longer current: ABORTED, nothing changes.
        routingRequest.routing.operations[0].runSecondsPerUnit = "30"
        let stale = await #expect(throws: RPCError.self) {
            let _: Oms_V1_UpsertRoutingResponse = try await client.unary("oms.v1.MasterDataService/UpsertRouting", routingRequest)
        }
        #expect(stale?.code == .aborted)

        // Acknowledged master data survives SIGKILL; old versions stay readable.
        client.close()
        await daemon.kill()
        daemon = try await DaemonProcess.start(reusing: daemon)
        client = try await OMSClient.connect(to: daemon.unix)
        defer { client.close() }
        var get = Oms_V1_GetRoutingRequest()
        get.routingID = "R-SHAFT-20"
        let current: Oms_V1_GetRoutingResponse = try await client.unary("oms.v1.MasterDataService/GetRouting", get)
        #expect(current.routing.version == 2)
        #expect(current.routing.operations.first?.runSecondsPerUnit == "40")
        get.version = 1
        let original: Oms_V1_GetRoutingResponse = try await client.unary("oms.v1.MasterDataService/GetRouting", get)
        #expect(original.routing.operations.first?.runSecondsPerUnit == "45")

        var list = Oms_V1_ListWorkCentersRequest()
        list.plantID = "P1"
        let centers: Oms_V1_ListWorkCentersResponse = try await client.unary("oms.v1.MasterDataService/ListWorkCenters", list)
        #expect(centers.workCenters.map(\.workCenterID) == ["LATHE-1"])

        #expect(await daemon.terminate() == 0)
    }
}

extension OMSClient {
    func upsertPlantP1() async throws {
        var plant = Oms_V1_Plant()
        plant.plantID = "P1"
        plant.name = "Plant one"
        plant.timeZone = "Europe/Berlin"
        var request = Oms_V1_UpsertPlantRequest()
        request.plant = plant
        let _: Oms_V1_UpsertPlantResponse = try await unary("oms.v1.MasterDataService/UpsertPlant", request)
    }
}
