-- revision: 0cbcefeda198
-- down_revision: 1916b6b63bc2
-- message: Create order items
-- created: 2026-11-09T16:20:00Z

-- upgrade
CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    book_id INTEGER NOT NULL REFERENCES books(id),
    quantity INTEGER NOT NULL DEFAULT 1,
    unit_price DECIMAL(10,2) NOT NULL,
    PRIMARY KEY (order_id, book_id)
);

-- downgrade
DROP TABLE order_items;
