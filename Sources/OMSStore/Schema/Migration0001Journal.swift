/// The journal (the source of truth), snapshots, and the first projection
/// tables that users query. Later migrations extend the projections.
let migration0001Journal = Migration(
    version: 1, name: "journal, snapshots, first projections",
    sql: """
        CREATE TABLE journal (
            shard       text        NOT NULL,
            seq         bigint      NOT NULL CHECK (seq > 0),
            event_type  text        NOT NULL,
            payload     bytea       NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            command_id  text,
            PRIMARY KEY (shard, seq)
        );

        -- Last committed seq per shard, advanced in the same transaction as
        -- the events: a batch that would leave a gap or skip back fails.
        CREATE TABLE journal_heads (
            shard    text   PRIMARY KEY,
            last_seq bigint NOT NULL
        );

        -- Advances the heads of a batch's shards (arrays: one call per batch);
        -- raises OM001 when a shard's events do not continue its journal.
        CREATE FUNCTION oms_advance_journal_heads(p_shards text[], p_firsts bigint[], p_lasts bigint[])
        RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            FOR i IN 1 .. coalesce(array_length(p_shards, 1), 0) LOOP
                UPDATE journal_heads SET last_seq = p_lasts[i]
                 WHERE shard = p_shards[i] AND last_seq = p_firsts[i] - 1;
                CONTINUE WHEN FOUND;
                IF p_firsts[i] = 1 AND NOT EXISTS (SELECT 1 FROM journal_heads WHERE shard = p_shards[i]) THEN
                    INSERT INTO journal_heads (shard, last_seq) VALUES (p_shards[i], p_lasts[i]);
                    CONTINUE;
                END IF;
                RAISE EXCEPTION 'journal of shard % does not continue at seq %', p_shards[i], p_firsts[i]
                    USING ERRCODE = 'OM001';
            END LOOP;
        END $$;

        CREATE TABLE snapshots (
            shard    text        NOT NULL,
            seq      bigint      NOT NULL,
            payload  bytea       NOT NULL,
            taken_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (shard, seq)
        );

        CREATE TABLE orders (
            shard       text        NOT NULL,
            order_id    text        NOT NULL,
            customer    text,
            status      text        NOT NULL,
            priority    integer     NOT NULL DEFAULT 0,
            due_at      timestamptz,
            updated_seq bigint      NOT NULL,
            updated_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (shard, order_id)
        );

        CREATE TABLE order_lines (
            shard       text    NOT NULL,
            order_id    text    NOT NULL,
            line_no     integer NOT NULL,
            item        text    NOT NULL,
            quantity    numeric NOT NULL,
            status      text    NOT NULL,
            updated_seq bigint  NOT NULL,
            PRIMARY KEY (shard, order_id, line_no),
            FOREIGN KEY (shard, order_id) REFERENCES orders (shard, order_id) ON DELETE CASCADE
        );

        CREATE TABLE operations (
            shard         text    NOT NULL,
            operation_id  text    NOT NULL,
            order_id      text    NOT NULL,
            line_no       integer,
            work_center   text    NOT NULL,
            status        text    NOT NULL,
            planned_start timestamptz,
            planned_end   timestamptz,
            updated_seq   bigint  NOT NULL,
            PRIMARY KEY (shard, operation_id)
        );
        CREATE INDEX operations_by_order ON operations (shard, order_id);

        CREATE TABLE stock (
            shard       text    NOT NULL,
            item        text    NOT NULL,
            location    text    NOT NULL,
            on_hand     numeric NOT NULL,
            reserved    numeric NOT NULL DEFAULT 0,
            updated_seq bigint  NOT NULL,
            PRIMARY KEY (shard, item, location)
        );

        CREATE TABLE reservations (
            shard          text    NOT NULL,
            reservation_id text    NOT NULL,
            order_id       text,
            item           text    NOT NULL,
            location       text    NOT NULL,
            quantity       numeric NOT NULL,
            status         text    NOT NULL,
            expires_at     timestamptz,
            updated_seq    bigint  NOT NULL,
            PRIMARY KEY (shard, reservation_id)
        );
        CREATE INDEX reservations_by_item ON reservations (shard, item, location);

        CREATE TABLE alerts (
            shard       text        NOT NULL,
            alert_id    text        NOT NULL,
            order_id    text,
            severity    text        NOT NULL,
            kind        text        NOT NULL,
            message     text        NOT NULL,
            raised_at   timestamptz NOT NULL,
            cleared_at  timestamptz,
            updated_seq bigint      NOT NULL,
            PRIMARY KEY (shard, alert_id)
        );
        """)
