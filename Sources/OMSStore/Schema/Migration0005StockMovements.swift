extension Migration {
    /// The stock ledger: one row per movement of on-hand stock, kept by the
    /// plant writer's projection in the journal's transaction, read by
    /// InventoryService/Ledger. Movements journaled before this migration are
    /// copied in by the daemon at its next start (journal payloads are
    /// protobuf, which SQL cannot read): `stock_movements_backfill` lists the
    /// plants to do and how far their journals reached here.
    static let migration0005StockMovements = Migration(
        version: 5,
        name: "stock_movements",
        sql: """
            CREATE TABLE stock_movements (
                shard               text        NOT NULL,
                -- The event's journal seq, and the movement's place among the event's lines.
                seq                 bigint      NOT NULL,
                position            integer     NOT NULL,
                movement_id         text        NOT NULL UNIQUE,
                location            text        NOT NULL,
                item                text        NOT NULL,
                -- The contract's MovementKind without its prefix: RECEIPT, ISSUE, ADJUSTMENT, ...
                kind                text        NOT NULL,
                -- Signed: positive in, negative out.
                quantity            numeric     NOT NULL,
                unit                text        NOT NULL,
                -- On hand at (item, location) right after this movement.
                on_hand_after       numeric     NOT NULL,
                time                timestamptz NOT NULL,
                actor               text        NOT NULL,
                reason              text        NOT NULL,
                reservation_id      text        NOT NULL,
                transfer_id         text        NOT NULL,
                expected_receipt_id text        NOT NULL,
                reference           text        NOT NULL,
                PRIMARY KEY (shard, seq, position)
            );
            CREATE INDEX stock_movements_by_item ON stock_movements (shard, item, seq, position);

            -- A row leaves in the transaction that copies its plant's movements.
            CREATE TABLE stock_movements_backfill (
                shard     text   PRIMARY KEY,
                up_to_seq bigint NOT NULL
            );
            INSERT INTO stock_movements_backfill (shard, up_to_seq)
            SELECT h.shard, h.last_seq FROM journal_heads AS h
             WHERE EXISTS (SELECT 1 FROM journal AS j WHERE j.shard = h.shard AND j.event_type IN (
                 'inventory.stock_received', 'inventory.reservation_consumed', 'inventory.stock_adjusted'));
            """)
}
