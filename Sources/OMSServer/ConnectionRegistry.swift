import OMSRPC
import Synchronization

/// Open connections, so a shutdown can send each a GOAWAY and wait for them to drain.
final class ConnectionRegistry: Sendable {
    private let connections = Mutex<[ObjectIdentifier: ServerConnection]>([:])

    func add(_ connection: ServerConnection) {
        connections.withLock { $0[ObjectIdentifier(connection)] = connection }
    }

    func remove(_ connection: ServerConnection) {
        connections.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    var all: [ServerConnection] { connections.withLock { Array($0.values) } }
    var isEmpty: Bool { connections.withLock { $0.isEmpty } }
}
