import OMSCore
import OMSEngine
import OMSProto
import OMSWire

extension RPCError {
    /// A domain refusal as the status the client gets.
    init(_ error: DomainError) {
        let code: StatusCode
        switch error.code {
        case .invalidArgument: code = .invalidArgument
        case .notFound: code = .notFound
        case .alreadyExists: code = .alreadyExists
        case .failedPrecondition: code = .failedPrecondition
        case .permissionDenied: code = .permissionDenied
        case .outOfRange: code = .outOfRange
        case .aborted: code = .aborted
        }
        self.init(code, error.message, details: error.statusDetails)
    }

    /// Why a shard did not carry out a command, as a status.
    init(_ failure: ShardFailure<DomainError>) {
        switch failure {
        case .rejected(let error):
            self.init(error)
        case .overloaded(let capacity):
            self.init(.resourceExhausted, "plant queue full (\(capacity) commands); retry later")
        case .unavailable(let reason):
            self.init(.unavailable, "not durable, nothing was changed: \(reason)")
        case .stopped:
            self.init(.unavailable, "the daemon is shutting down")
        }
    }
}
