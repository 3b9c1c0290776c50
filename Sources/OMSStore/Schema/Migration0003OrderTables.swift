extension Migration {
    /// The customer-order query tables in the contract's shape (string line
    /// ids, business key, version). Migration 0001's `orders` and
    /// `order_lines` were placeholders that nothing wrote.
    static let migration0003OrderTables = Migration(
        version: 3,
        name: "order_tables",
        sql: """
            DROP TABLE order_lines;
            DROP TABLE orders;

            CREATE TABLE orders (
                shard             text        NOT NULL,
                order_id          text        NOT NULL,
                source_system     text        NOT NULL,
                external_order_id text        NOT NULL,
                customer          text        NOT NULL,
                plant             text        NOT NULL,
                -- The contract's state without its prefix: RECEIVED, APPROVED, ...
                state             text        NOT NULL,
                priority          integer     NOT NULL,
                expedited         boolean     NOT NULL,
                -- Earliest due date of the lines.
                due_at            timestamptz NOT NULL,
                version           bigint      NOT NULL,
                received_at       timestamptz NOT NULL,
                updated_at        timestamptz NOT NULL,
                updated_seq       bigint      NOT NULL,
                PRIMARY KEY (shard, order_id)
            );
            -- Not unique: the business key is idempotent within a plant.
            CREATE INDEX orders_by_business_key ON orders (source_system, external_order_id);
            CREATE INDEX orders_by_due ON orders (shard, due_at);
            CREATE INDEX orders_by_customer ON orders (customer);

            CREATE TABLE order_lines (
                shard             text        NOT NULL,
                order_id          text        NOT NULL,
                line_id           text        NOT NULL,
                item              text        NOT NULL,
                quantity          numeric     NOT NULL,
                unit              text        NOT NULL,
                due_at            timestamptz NOT NULL,
                plant             text        NOT NULL,
                quantity_shipped  numeric     NOT NULL DEFAULT 0,
                PRIMARY KEY (shard, order_id, line_id),
                FOREIGN KEY (shard, order_id) REFERENCES orders (shard, order_id) ON DELETE CASCADE
            );
            CREATE INDEX order_lines_by_item ON order_lines (shard, item);
            """)
}
