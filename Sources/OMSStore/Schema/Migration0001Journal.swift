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

        -- Advances the heads of a batch's shards in one set-based statement;
        -- raises OM001 unless every shard's events continue its journal.
        CREATE FUNCTION oms_advance_journal_heads(p_shards text[], p_firsts bigint[], p_lasts bigint[])
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            advanced bigint;
        BEGIN
            WITH batch AS (
                SELECT * FROM unnest(p_shards, p_firsts, p_lasts) AS b(shard, first_seq, last_seq)
            ), moved AS (
                UPDATE journal_heads AS h SET last_seq = b.last_seq FROM batch AS b
                 WHERE h.shard = b.shard AND h.last_seq = b.first_seq - 1
                RETURNING 1
            ), created AS (
                INSERT INTO journal_heads (shard, last_seq)
                SELECT shard, last_seq FROM batch WHERE first_seq = 1
                ON CONFLICT (shard) DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM moved) + (SELECT count(*) FROM created) INTO advanced;
            IF advanced <> coalesce(array_length(p_shards, 1), 0) THEN
                RAISE EXCEPTION 'journal of a shard in this batch does not continue at its first seq'
                    USING ERRCODE = 'OM001';
            END IF;
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
