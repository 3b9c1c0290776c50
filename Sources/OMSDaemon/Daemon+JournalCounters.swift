import OMSProto
import OMSStore

extension Daemon {
    /// The journal writer's totals as ServerService/Info reports them.
    static func journalCounters(of writer: JournalWriter) -> Oms_V1_JournalCounters {
        let totals = writer.statistics
        var counters = Oms_V1_JournalCounters()
        counters.transactionsCommitted = totals.transactionsCommitted
        counters.batchesCommitted = totals.unitsCommitted
        counters.eventsCommitted = totals.eventsCommitted
        let time = totals.commitTime.components
        counters.commitMicros = UInt64(max(0, time.seconds)) * 1_000_000 + UInt64(max(0, time.attoseconds)) / 1_000_000_000_000
        counters.batchesFailed = totals.unitsFailed
        counters.connectionsLost = totals.connectionsLost
        counters.batchesQueued = UInt64(writer.queuedUnits)
        counters.available = writer.isAvailable
        return counters
    }
}
