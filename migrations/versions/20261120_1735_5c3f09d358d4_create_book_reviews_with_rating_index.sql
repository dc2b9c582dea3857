-- revision: 5c3f09d358d4
-- down_revision: 5aab2c95ef8c
-- message: Create book reviews with rating index
-- created: 2026-11-20T17:35:00Z
-- transactional: false

-- upgrade
-- Runs outside a transaction: on a busy production database the index
-- build would be long, and is better not held inside one transaction.
-- The statements themselves are plain and valid on SQLite too.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    book_id INTEGER NOT NULL REFERENCES books(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body VARCHAR(2000),
    reviewed_on DATE NOT NULL
);
CREATE INDEX ix_reviews_book_rating ON reviews (book_id, rating);

-- downgrade
-- Dropping the table drops its index (no portable DROP INDEX).
DROP TABLE reviews;
