import Foundation
import OMSCore
import OMSProto
public import OMSRPC
import OMSWire
import SwiftProtobuf

/// oms.v1.MasterDataService: upserts go to the catalog's single writer and are
/// answered after their journal commit; gets and lists are served from memory
/// on the I/O thread.
public struct MasterDataService: RPCService {
    let backend: any CatalogBackend

    public init(backend: any CatalogBackend) {
        self.backend = backend
    }

    public func register(in router: inout RPCRouter) {
        upsert(&router, "UpsertPlant", CatalogCommand.upsertPlant) { if case .upsertPlant(let r) = $0 { r } else { nil } }
        upsert(&router, "UpsertItem", CatalogCommand.upsertItem) { if case .upsertItem(let r) = $0 { r } else { nil } }
        upsert(&router, "UpsertBillOfMaterials", CatalogCommand.upsertBillOfMaterials) {
            if case .upsertBillOfMaterials(let r) = $0 { r } else { nil }
        }
        upsert(&router, "UpsertRouting", CatalogCommand.upsertRouting) { if case .upsertRouting(let r) = $0 { r } else { nil } }
        upsert(&router, "UpsertWorkCenter", CatalogCommand.upsertWorkCenter) {
            if case .upsertWorkCenter(let r) = $0 { r } else { nil }
        }
        upsert(&router, "UpsertCalendar", CatalogCommand.upsertCalendar) { if case .upsertCalendar(let r) = $0 { r } else { nil } }
        upsert(&router, "UpsertCustomer", CatalogCommand.upsertCustomer) { if case .upsertCustomer(let r) = $0 { r } else { nil } }

        read(&router, "GetPlant") { try $0.getPlant($1) }
        read(&router, "ListPlants") { try $0.listPlants($1) }
        read(&router, "GetItem") { try $0.getItem($1) }
        read(&router, "ListItems") { try $0.listItems($1) }
        read(&router, "GetBillOfMaterials") { try $0.getBillOfMaterials($1) }
        read(&router, "ListBillsOfMaterials") { try $0.listBillsOfMaterials($1) }
        read(&router, "GetRouting") { try $0.getRouting($1) }
        read(&router, "ListRoutings") { try $0.listRoutings($1) }
        read(&router, "GetWorkCenter") { try $0.getWorkCenter($1) }
        read(&router, "ListWorkCenters") { try $0.listWorkCenters($1) }
        read(&router, "GetCalendar") { try $0.getCalendar($1) }
        read(&router, "ListCalendars") { try $0.listCalendars($1) }
        read(&router, "GetCustomer") { try $0.getCustomer($1) }
        read(&router, "ListCustomers") { try $0.listCustomers($1) }
    }

    /// A read of the catalog in memory, on the event loop: microseconds, never blocks.
    private func read<Request: Message, Response: Message>(
        _ router: inout RPCRouter, _ name: String,
        _ body: @escaping @Sendable (Catalog, Request) throws -> Response
    ) {
        let backend = self.backend
        router.unaryInline("oms.v1.MasterDataService/\(name)") { (request: Request, _) throws(RPCError) in
            do {
                return try backend.read { try body($0, request) }
            } catch let error as DomainError {
                throw RPCError(error)
            } catch {
                throw RPCError(wrapping: error)
            }
        }
    }

    /// An upsert: decode, queue on the catalog's writer, answer after commit.
    private func upsert<Request: Message, Response: Message>(
        _ router: inout RPCRouter, _ name: String,
        _ command: @escaping @Sendable (Request) -> CatalogCommand,
        _ response: @escaping @Sendable (CatalogReply) -> Response?
    ) {
        let backend = self.backend
        router.register("oms.v1.MasterDataService/\(name)") { request, stream in
            let message: Request
            do { message = try decodeRequest(request) } catch { return stream.finish(error: error) }
            let context = CommandContext(
                now: Date(), principal: request.context.principal, idempotencyKey: request.context.idempotencyKey,
                plantID: "")
            backend.submit(command(message), context: context) { result in
                stream.finish(method: name, result, response)
            }
        }
    }
}
