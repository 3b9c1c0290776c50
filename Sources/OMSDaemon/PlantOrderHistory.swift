import Foundation
import OMSCore
import OMSProto
import OMSServices
import OMSStore

/// Past order events for resumed Watch streams, read from the plant's
/// journal on a thread of its own (libpq blocks) with a connection per read:
/// resumes are rare next to live delivery.
struct PlantOrderHistory: OrderJournalHistory {
    let connectionString: String
    let plants: ShardSet<PlantState>

    func orderEvents(plant: String, after sequence: UInt64) async throws
        -> (events: [(sequence: UInt64, event: Oms_Journal_V1_OrderEvent)], state: PlantState?)
    {
        // No shard, no journal: a plant that never had an event (or a name
        // no plant has) costs no connection. Its first events reach the
        // stream live (it subscribed before asking).
        guard plants.read(key: plant, { _ in true }) != nil else { return ([], nil) }
        let connectionString = self.connectionString
        let events = try await Daemon.offPool { () throws -> [(sequence: UInt64, event: Oms_Journal_V1_OrderEvent)] in
            let connection = try PGConnection(connectionString: connectionString)
            defer { connection.close() }
            var events: [(sequence: UInt64, event: Oms_Journal_V1_OrderEvent)] = []
            try JournalReader(connection: connection).readEvents(shard: plant, after: Int64(clamping: sequence)) { row in
                guard row.type.hasPrefix("order.") else { return }
                events.append((UInt64(row.seq), try Oms_Journal_V1_OrderEvent(serializedBytes: row.payload)))
            }
            return events
        }
        // Read after the journal: the state then holds every event just read.
        return (events, plants.read(key: plant) { $0 })
    }
}
