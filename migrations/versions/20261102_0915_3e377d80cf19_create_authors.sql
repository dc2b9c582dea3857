-- revision: 3e377d80cf19
-- down_revision:
-- message: Create authors
-- created: 2026-11-02T09:15:00Z

-- upgrade
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    born_on DATE,
    country VARCHAR(2)
);

-- downgrade
DROP TABLE authors;
