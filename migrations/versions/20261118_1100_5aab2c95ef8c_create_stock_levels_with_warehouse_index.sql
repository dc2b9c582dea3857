-- revision: 5aab2c95ef8c
-- down_revision: 03f46c9c257f
-- message: Create stock levels with warehouse index
-- created: 2026-11-18T11:00:00Z

-- upgrade
CREATE TABLE stock_levels (
    book_id INTEGER NOT NULL REFERENCES books(id),
    warehouse VARCHAR(40) NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 0,
    reorder_at INTEGER NOT NULL DEFAULT 5,
    PRIMARY KEY (book_id, warehouse)
);
CREATE INDEX ix_stock_levels_warehouse ON stock_levels (warehouse, quantity);

-- downgrade
-- There is no portable DROP INDEX (SQLite/PostgreSQL: DROP INDEX x,
-- MariaDB: DROP INDEX x ON t): dropping the table drops its index too.
DROP TABLE stock_levels;
