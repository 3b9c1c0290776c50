import OMSCore
import OMSEngine
import OMSRPC
import OMSWire
import SwiftProtobuf

extension ServerStream {
    /// Answers with a shard's reply once its command is durable, or with the
    /// status of its failure. `response` picks the method's response out of
    /// the domain's reply (nil: the reply is for another method, a bug).
    func finish<Reply, Response: Message>(
        method: String, _ result: Result<Reply, ShardFailure<DomainError>>, _ response: (Reply) -> Response?
    ) {
        switch result {
        case .success(let reply):
            guard let answer = response(reply) else {
                return finish(RPCError(.internal, "mismatched reply to \(method)").status)
            }
            finish(response: serialize(answer))
        case .failure(let failure):
            finish(RPCError(failure).status)
        }
    }
}
