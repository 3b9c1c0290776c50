extension Migration {
    /// Production orders and their pegs, kept by the plant writer's
    /// projection in the journal's transaction (like `orders`).
    static let migration0004ProductionOrders = Migration(
        version: 4,
        name: "production_orders",
        sql: """
            CREATE TABLE production_orders (
                shard               text        NOT NULL,
                production_order_id text        NOT NULL,
                item                text        NOT NULL,
                quantity            numeric     NOT NULL,
                unit                text        NOT NULL,
                due_at              timestamptz NOT NULL,
                routing_id          text        NOT NULL,
                routing_version     bigint      NOT NULL,
                bom_id              text        NOT NULL,
                bom_version         bigint      NOT NULL,
                -- The contract's state without its prefix: CREATED, RELEASED, SUPERSEDED, ...
                state               text        NOT NULL,
                version             bigint      NOT NULL,
                created_at          timestamptz NOT NULL,
                updated_at          timestamptz NOT NULL,
                updated_seq         bigint      NOT NULL,
                PRIMARY KEY (shard, production_order_id)
            );
            CREATE INDEX production_orders_by_item ON production_orders (shard, item, state);

            -- Which order line each production order serves, and how much.
            CREATE TABLE production_order_pegs (
                shard               text        NOT NULL,
                production_order_id text        NOT NULL,
                order_id            text        NOT NULL,
                line_id             text        NOT NULL,
                quantity            numeric     NOT NULL,
                PRIMARY KEY (shard, production_order_id, order_id, line_id),
                FOREIGN KEY (shard, production_order_id)
                    REFERENCES production_orders (shard, production_order_id) ON DELETE CASCADE
            );
            CREATE INDEX production_order_pegs_by_order ON production_order_pegs (shard, order_id);
            """)
}
