-- revision: 1916b6b63bc2
-- down_revision: df80a4039362
-- message: Create orders
-- created: 2026-11-06T11:30:00Z

-- upgrade
-- Named "orders", not "order": ORDER is a reserved word everywhere.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    placed_on DATE NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'new',
    total DECIMAL(10,2) NOT NULL DEFAULT 0
);

-- downgrade
DROP TABLE orders;
