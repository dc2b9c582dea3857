-- revision: f6f38661b9f5
-- down_revision: 0cbcefeda198
-- message: Create genres
-- created: 2026-11-12T13:10:00Z

-- upgrade
CREATE TABLE genres (
    id INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE
);

-- downgrade
DROP TABLE genres;
