-- revision: 97e454d0eb40
-- down_revision: 3e377d80cf19
-- message: Create books
-- created: 2026-11-03T10:40:00Z

-- upgrade
CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors(id),
    title VARCHAR(300) NOT NULL,
    isbn VARCHAR(13) NOT NULL UNIQUE,
    price DECIMAL(10,2) NOT NULL,
    published_on DATE
);

-- downgrade
DROP TABLE books;
