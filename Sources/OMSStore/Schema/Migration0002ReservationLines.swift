extension Migration {
    /// Reservations hold several (item, location) lines: the query table gets
    /// one row per line. Migration 0001's `reservations` had room for one item
    /// and was never written to.
    static let migration0002ReservationLines = Migration(
        version: 2,
        name: "reservation_lines",
        sql: """
            DROP TABLE reservations;

            CREATE TABLE reservation_lines (
                shard          text    NOT NULL,
                reservation_id text    NOT NULL,
                item           text    NOT NULL,
                location       text    NOT NULL,
                unit           text    NOT NULL,
                quantity       numeric NOT NULL,
                consumed       numeric NOT NULL DEFAULT 0,
                returned       numeric NOT NULL DEFAULT 0,
                -- ACTIVE while any of the line is open, else how it closed:
                -- RELEASED, CONSUMED or EXPIRED.
                status         text    NOT NULL,
                -- "order:<order>/<line>", "production:<id>", "external:<ref>" or "".
                owner          text    NOT NULL,
                reserved_by    text    NOT NULL,
                expires_at     timestamptz,
                created_seq    bigint  NOT NULL,
                updated_seq    bigint  NOT NULL,
                PRIMARY KEY (shard, reservation_id, item, location)
            );
            CREATE INDEX reservation_lines_open_by_item ON reservation_lines (shard, item, location)
                WHERE status = 'ACTIVE';
            """)
}
