import OMSCore
import OMSProto
import OMSRPC
import OMSWire

/// ListReservations across plants: the plants in id order, each oldest
/// first. The page token is "<plant>|<n>": the plant and reservation number
/// the next page goes on after (opaque to clients). A plant that looked at
/// its budget of reservations without filling the page ends the page there,
/// short or even empty, with a token.
enum ReservationListing {
    static func list(
        _ request: Oms_V1_ListReservationsRequest, backend: any InventoryBackend
    ) throws(RPCError) -> Oms_V1_ListReservationsResponse {
        if !request.plantID.isEmpty { try PlantID.validate(request.plantID) }
        var (startPlant, after) = ("", UInt64(0))
        if !request.pageToken.isEmpty {
            let parts = request.pageToken.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, let number = UInt64(parts[1]) else {
                throw RPCError.invalidArgument(field: "page_token", "not a page token of this list; start again without one")
            }
            (startPlant, after) = (parts[0], number)
        }
        let pageSize = OrderPageToken.pageSize(request.pageSize)
        let plants = (request.plantID.isEmpty ? backend.plants : [request.plantID]).filter { $0 >= startPlant }
        var response = Oms_V1_ListReservationsResponse()
        for (index, plant) in plants.enumerated() {
            let left = pageSize - response.reservations.count
            let page = backend.read(plant: plant) { state in
                state.listReservations(request, after: plant == startPlant ? after : 0, limit: left)
            }
            guard let page else { continue }
            response.reservations += page.reservations
            if let resume = page.resumeAfter {
                response.nextPageToken = "\(plant)|\(resume)"
                break
            }
            if response.reservations.count == pageSize {
                if index + 1 < plants.count { response.nextPageToken = "\(plants[index + 1])|0" }
                break
            }
        }
        return response
    }
}
