extension Migration {
    /// Snapshots are compressed with lz4 instead of pglz. A plant's snapshot
    /// is tens of megabytes of protobuf, written while the plant serves:
    /// pglz took about 240 ms of a PostgreSQL core for 16 MB (to 4.5 MB),
    /// lz4 about 90 ms (to 5.3 MB), and lz4 reads back faster at recovery.
    /// A server built without lz4 keeps pglz.
    static let migration0008SnapshotCompression = Migration(
        version: 8,
        name: "snapshot_compression",
        sql: """
            DO $$
            BEGIN
                ALTER TABLE snapshots ALTER COLUMN payload SET COMPRESSION lz4;
            EXCEPTION WHEN feature_not_supported THEN
                RAISE NOTICE 'this PostgreSQL has no lz4: snapshots stay compressed with pglz';
            END $$;
            """)
}
