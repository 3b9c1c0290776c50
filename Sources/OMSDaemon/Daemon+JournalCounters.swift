import OMSProto
import OMSStore
import OMSWire

extension Daemon {
    /// The journal writer's totals as ServerService/Info reports them.
    static func journalCounters(of writer: JournalWriter) -> Oms_V1_JournalCounters {
        let totals = writer.statistics
        var counters = Oms_V1_JournalCounters()
        counters.transactionsCommitted = totals.transactionsCommitted
        counters.batchesCommitted = totals.unitsCommitted
        counters.eventsCommitted = totals.eventsCommitted
        counters.commitMicros = UInt64(max(0, totals.commitTime.totalMicroseconds))
        counters.batchesFailed = totals.unitsFailed
        counters.connectionsLost = totals.connectionsLost
        counters.batchesQueued = UInt64(writer.queuedUnits)
        counters.available = writer.isAvailable
        return counters
    }
}
