-- Desired schema of the bundled demo (a small bookshop) at head,
-- i.e. after revision 891d90252aca "Add phone to customers".
-- Retort compares a database against this file to autogenerate new
-- revisions: edit it first, then autogenerate. It is not run by
-- `upgrade`. Keep it portable (SQLite, PostgreSQL, MariaDB) and keep
-- each column where the revisions put it (added columns come last).
-- Seed data (the genre list) lives in the revisions, not here.

CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    born_on DATE,
    country VARCHAR(2)
);

CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors(id),
    title VARCHAR(300) NOT NULL,
    isbn VARCHAR(13) NOT NULL UNIQUE,
    price DECIMAL(10,2) NOT NULL,
    published_on DATE,
    genre_id INTEGER
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL UNIQUE,
    full_name VARCHAR(200) NOT NULL,
    joined_on DATE NOT NULL,
    phone VARCHAR(30)
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    placed_on DATE NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'new',
    total DECIMAL(10,2) NOT NULL DEFAULT 0
);

CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    book_id INTEGER NOT NULL REFERENCES books(id),
    quantity INTEGER NOT NULL DEFAULT 1,
    unit_price DECIMAL(10,2) NOT NULL,
    PRIMARY KEY (order_id, book_id)
);

CREATE TABLE genres (
    id INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE
);

CREATE TABLE stock_levels (
    book_id INTEGER NOT NULL REFERENCES books(id),
    warehouse VARCHAR(40) NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 0,
    reorder_at INTEGER NOT NULL DEFAULT 5,
    PRIMARY KEY (book_id, warehouse)
);

CREATE INDEX ix_stock_levels_warehouse ON stock_levels (warehouse, quantity);

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    book_id INTEGER NOT NULL REFERENCES books(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body VARCHAR(2000),
    reviewed_on DATE NOT NULL
);

CREATE INDEX ix_reviews_book_rating ON reviews (book_id, rating);

CREATE TABLE monthly_genre_sales (
    sales_month VARCHAR(7) NOT NULL,
    genre_id INTEGER NOT NULL REFERENCES genres(id),
    copies_sold INTEGER NOT NULL DEFAULT 0,
    revenue DECIMAL(10,2) NOT NULL DEFAULT 0,
    PRIMARY KEY (sales_month, genre_id)
);

CREATE VIEW book_sales AS
SELECT b.id AS book_id,
       b.title AS title,
       COALESCE(SUM(oi.quantity), 0) AS copies_sold,
       COALESCE(SUM(oi.quantity * oi.unit_price), 0) AS revenue
FROM books b
LEFT JOIN order_items oi ON oi.book_id = b.id
GROUP BY b.id, b.title;
