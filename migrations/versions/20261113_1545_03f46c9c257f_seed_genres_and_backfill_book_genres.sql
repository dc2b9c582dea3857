-- revision: 03f46c9c257f
-- down_revision: f6f38661b9f5
-- message: Seed genres and backfill book genres
-- created: 2026-11-13T15:45:00Z

-- upgrade
-- Data migration: seed the genre list (explicit ids, no autoincrement),
-- then add books.genre_id and backfill existing books as "Uncategorised".
-- The new column is deliberately left without an index or a foreign key
-- constraint, so that the downgrade can DROP COLUMN on every dialect.
INSERT INTO genres (id, name) VALUES (1, 'Uncategorised');
INSERT INTO genres (id, name) VALUES (2, 'Fiction');
INSERT INTO genres (id, name) VALUES (3, 'Mystery');
INSERT INTO genres (id, name) VALUES (4, 'Science Fiction');
INSERT INTO genres (id, name) VALUES (5, 'History');
INSERT INTO genres (id, name) VALUES (6, 'Children');
ALTER TABLE books ADD COLUMN genre_id INTEGER;
UPDATE books SET genre_id = 1 WHERE genre_id IS NULL;

-- downgrade
-- Dropping the column discards the backfill, then the seed rows go.
ALTER TABLE books DROP COLUMN genre_id;
DELETE FROM genres WHERE id IN (1, 2, 3, 4, 5, 6);
