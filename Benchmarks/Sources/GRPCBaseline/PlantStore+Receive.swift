import Foundation
import OMSCore
import OMSProto

extension PlantStore {
    /// What omsbench's status-query set-up sends omsd: InventoryService/Receive
    /// of one purchase line.
    func receive(plant: String, item: String, quantity: String) throws(DomainError) {
        var request = Oms_V1_ReceiveStockRequest()
        request.plantID = plant
        request.kind = .purchase
        request.reference = "omsbench set-up"
        var line = Oms_V1_StockLine()
        line.itemID = item
        line.quantity = quantity
        request.lines = [line]
        _ = try run(.inventory(.receive(request)), context: CommandContext(now: Date(), plantID: plant))
    }
}
