import OMSProto
import SwiftProtobuf

/// Every version of every record of one type, and the ids in list order.
/// Versions are kept because production orders pin the routing and BOM
/// version they were made with, and Get reads any past version.
struct RecordHistory<Record: CatalogRecord>: Sendable, Equatable {
    /// id -> versions 1, 2, ... (index = version - 1).
    private(set) var versionsByID: [String: [Record]] = [:]
    /// Ids in ascending order, the order of List.
    private(set) var sortedIDs: [String] = []

    func current(_ id: String) -> Record? {
        versionsByID[id]?.last
    }

    /// `version` 0 = the current one.
    func record(_ id: String, version: UInt64) -> Record? {
        guard let versions = versionsByID[id] else { return nil }
        if version == 0 { return versions.last }
        guard version <= UInt64(versions.count) else { return nil }
        return versions[Int(version - 1)]
    }

    /// Current records in id order.
    var currentRecords: [Record] {
        sortedIDs.compactMap { current($0) }
    }

    /// Every version of every record, by id, then version (snapshot order).
    var allVersions: [Record] {
        sortedIDs.flatMap { versionsByID[$0] ?? [] }
    }

    /// Stores a decided version. Total: a version that does not follow the
    /// stored ones (which `decide` never produces) is ignored.
    mutating func store(_ record: Record) {
        let id = record.recordID
        let stored = versionsByID[id]?.count ?? 0
        guard record.version == UInt64(stored) + 1 else { return }
        if stored == 0 { sortedIDs.insert(id, at: insertionIndex(of: id)) }
        versionsByID[id, default: []].append(record)
    }

    /// Index of the first id greater than or equal to `id`.
    func insertionIndex(of id: String) -> Int {
        var low = 0
        var high = sortedIDs.count
        while low < high {
            let middle = (low + high) / 2
            if sortedIDs[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

enum UpsertOutcome<Record: CatalogRecord> {
    /// Same content as stored: nothing to journal.
    case unchanged(Record)
    /// The next version, to journal.
    case changed(Record)
}

extension RecordHistory {
    /// Versioning of an upsert: the optimistic-concurrency check, then the
    /// next version unless the content is what is stored already.
    /// `incoming` is validated and carries no server fields.
    func upsert(
        _ incoming: Record, expectedVersion: UInt64, at time: Google_Protobuf_Timestamp
    ) throws(DomainError) -> UpsertOutcome<Record> {
        let id = incoming.recordID
        let existing = current(id)
        let currentVersion = existing?.version ?? 0
        if expectedVersion != 0 && expectedVersion != currentVersion {
            throw DomainError(
                .aborted,
                "VERSION_CONFLICT: \(Record.kind) \(id) is at version \(currentVersion), "
                    + "the request expected \(expectedVersion); read it again and retry",
                subject: "\(Record.kind) \(id)",
                currentState: "version \(currentVersion)"
            )
        }
        if let existing, existing.withoutServerFields == incoming {
            return .unchanged(existing)
        }
        var next = incoming
        next.version = currentVersion + 1
        next.updatedAt = time
        return .changed(next)
    }
}

extension RecordHistory where Record: PlantItemDefault {
    /// Current defaults of the same (plant, item) as `record`, other than
    /// `record` itself (at most one while the rule holds).
    func otherDefaults(of record: Record) -> [Record] {
        currentRecords.filter {
            $0.isDefault && $0.recordID != record.recordID
                && $0.plantID == record.plantID && $0.itemID == record.itemID
        }
    }

    /// The current default of (plant, item), if any.
    func defaultRecord(plantID: String, itemID: String) -> Record? {
        for id in sortedIDs {
            if let record = current(id), record.isDefault, record.plantID == plantID, record.itemID == itemID {
                return record
            }
        }
        return nil
    }
}
