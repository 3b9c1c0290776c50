extension Migration {
    /// The projections' two foreign keys go. Each checked a row against its
    /// parent with a plan PostgreSQL caches per connection, made when the
    /// parent table was empty; on the journal writer's long-lived connection
    /// it kept scanning an index on the shard alone (`orders_by_due`), so
    /// every order line read all of its plant's orders: 11,623 lines read
    /// 34 million index entries, and submit-orders fell to a few hundred
    /// orders per second, with PostgreSQL on a whole core. The parent and its
    /// children are written by one projection in one transaction from the
    /// journal, which is the truth; nothing relied on the cascades.
    static let migration0007DropProjectionForeignKeys = Migration(
        version: 7,
        name: "drop_projection_foreign_keys",
        sql: """
            ALTER TABLE order_lines DROP CONSTRAINT IF EXISTS order_lines_shard_order_id_fkey;
            ALTER TABLE production_order_pegs
                DROP CONSTRAINT IF EXISTS production_order_pegs_shard_production_order_id_fkey;
            """)
}
