//! Data survives a SQLite table rebuild: `orders` changes in ways ALTER cannot express (a type
//! and a nullability change), while it has rows, an outgoing foreign key, incoming ones with ON
//! DELETE CASCADE (two levels deep), an index, triggers and a view. Every row of every table
//! and every object must be there afterwards, and the foreign keys must still act.

use crate::common::TestDb;
use crate::harness::{round_trip_then, Pair};
use retort::Dialect;

const A: &str = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    total INTEGER,
    note TEXT
);
CREATE INDEX ix_orders_customer ON orders (customer_id, total DESC);
CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE, sku TEXT NOT NULL);
CREATE TABLE item_notes (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES order_items (id) ON DELETE CASCADE, body TEXT);
CREATE TABLE refunds (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL, amount INTEGER);
CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT NOT NULL);
CREATE TRIGGER tr_orders_total AFTER UPDATE OF total ON orders BEGIN INSERT INTO audit (what) VALUES ('total ' || NEW.id); END;
CREATE TRIGGER tr_items_gone AFTER DELETE ON order_items BEGIN INSERT INTO audit (what) VALUES ('item gone ' || OLD.id); END;
CREATE VIEW order_summary AS SELECT o.id, c.name, o.total FROM orders o JOIN customers c ON c.id = o.customer_id;";

#[test]
fn sqlite_rebuild_keeps_rows_foreign_keys_index_triggers_and_view() {
    // total: INTEGER -> BIGINT NOT NULL, note: TEXT -> VARCHAR(200): both need a rebuild.
    let b = A
        .replace("    total INTEGER,", "    total BIGINT NOT NULL,")
        .replace("    note TEXT\n", "    note VARCHAR(200)\n");
    assert_ne!(A, b);
    let tables = [
        "customers: id, name",
        "orders: id, customer_id, total, note",
        "order_items: id, order_id, sku",
        "item_notes: id, item_id, body",
        "refunds: id, order_id, amount",
        "audit: id, what",
        "order_summary: id, name, total",
    ];
    let pair = Pair::new("sqlite rebuild", A, &b)
        .seed(&[
            "INSERT INTO customers (id, name) VALUES (1, 'ann'), (2, 'bob')",
            "INSERT INTO orders (id, customer_id, total, note) VALUES (10, 1, 500, 'gift'), (11, 1, 20, NULL), (12, 2, 7, 'rush')",
            "INSERT INTO order_items (id, order_id, sku) VALUES (100, 10, 'a'), (101, 10, 'b'), (102, 12, 'c')",
            "INSERT INTO item_notes (id, item_id, body) VALUES (1000, 100, 'wrap it'), (1001, 102, 'fragile')",
            "INSERT INTO refunds (id, order_id, amount) VALUES (1, 11, 20)",
            "UPDATE orders SET total = total WHERE id = 10",
        ])
        .keep(&tables);
    let objects_and_cascades = |db: &TestDb| -> Result<(), String> {
        let objects = db.query(
            "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'retort%' AND name NOT LIKE 'sqlite%' ORDER BY type, name",
        );
        let objects: Vec<String> = objects.into_iter().filter_map(|r| r[0].clone()).collect();
        let expected = [
            "index ix_orders_customer",
            "table audit",
            "table customers",
            "table item_notes",
            "table order_items",
            "table orders",
            "table refunds",
            "trigger tr_items_gone",
            "trigger tr_orders_total",
            "view order_summary",
        ];
        if objects != expected {
            return Err(format!("objects: {objects:?}"));
        }
        // The foreign keys still act, in both directions: deleting a customer cascades through
        // orders to items and their notes, and nulls the refund's order.
        db.exec("PRAGMA foreign_keys = ON; DELETE FROM customers WHERE id = 1")?;
        let left = db.query(
            "SELECT (SELECT COUNT(*) FROM orders) || '/' || (SELECT COUNT(*) FROM order_items) || '/' || (SELECT COUNT(*) FROM item_notes) || '/' || (SELECT COUNT(*) FROM refunds WHERE order_id IS NULL)",
        );
        if left[0][0].as_deref() != Some("1/1/1/1") {
            return Err(format!("after deleting a customer: {left:?}"));
        }
        Ok(())
    };
    match round_trip_then(Dialect::Sqlite, &pair, &objects_and_cascades) {
        Ok(_) => {}
        Err(e) => panic!("{e}"),
    }
}
