extension Migration {
    /// Transfers, one row per transfer, item and side: the source's OUTBOUND
    /// record (as shipped) and the destination's INBOUND one (what arrived),
    /// kept by the plant writer's projection in the journal's transaction.
    /// Version 5 is another branch's; versions apply by number, not in a run.
    static let migration0006Transfers = Migration(
        version: 6,
        name: "transfers",
        sql: """
            CREATE TABLE transfers (
                -- The plant whose journal holds this side of the transfer.
                shard            text        NOT NULL,
                transfer_id      text        NOT NULL,
                item             text        NOT NULL,
                -- OUTBOUND at the source, INBOUND at the destination (both
                -- for a move between locations of one plant).
                side             text        NOT NULL,
                from_plant       text        NOT NULL,
                from_location    text        NOT NULL,
                to_plant         text        NOT NULL,
                to_location      text        NOT NULL,
                unit             text        NOT NULL,
                quantity         numeric     NOT NULL,
                -- INBOUND: arrived so far; in transit = quantity - received.
                received         numeric     NOT NULL,
                shipped_at       timestamptz NOT NULL,
                expected_arrival timestamptz,
                -- When this item had arrived in full.
                received_at      timestamptz,
                reference        text        NOT NULL,
                created_seq      bigint      NOT NULL,
                updated_seq      bigint      NOT NULL,
                PRIMARY KEY (shard, transfer_id, item, side)
            );
            CREATE INDEX transfers_in_transit ON transfers (shard, item, to_location)
                WHERE side = 'INBOUND' AND received < quantity;
            """)
}
