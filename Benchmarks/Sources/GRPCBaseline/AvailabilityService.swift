import Foundation
import GRPCCore
import OMSCore
import OMSGRPCMethods
import OMSProto

/// oms.v1.InventoryService/Availability as omsd serves it: the plant's state
/// read under its lock and answered by the same core call
/// (`PlantState.stockAvailability`); a plant with no inventory answers like an empty one.
struct AvailabilityService: RegistrableRPCService {
    let plants: PlantStore

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let plants = self.plants
        router.registerUnary(AvailabilityMethod.self) { request, _ in
            do {
                if let answer = try plants.read(plant: request.plantID, { try $0.stockAvailability(request, now: Date()) }) {
                    return answer
                }
                return try InventoryState(plantID: request.plantID).availability(request, now: Date())
            } catch let error as DomainError {
                throw RPCError(error)
            }
        }
    }
}

extension RPCError {
    /// A domain refusal as the status omsd would give (gRPC's codes).
    init(_ error: DomainError) {
        let code: RPCError.Code =
            switch error.code {
            case .invalidArgument: .invalidArgument
            case .notFound: .notFound
            case .alreadyExists: .alreadyExists
            case .failedPrecondition: .failedPrecondition
            case .permissionDenied: .permissionDenied
            case .outOfRange: .outOfRange
            case .aborted: .aborted
            }
        self.init(code: code, message: error.message)
    }
}
