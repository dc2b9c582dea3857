-- revision: 31c9dce36229
-- down_revision: 8323dd97df4c
-- message: Create monthly genre sales table
-- created: 2026-11-16T10:25:00Z
-- depends_on: f6f38661b9f5

-- upgrade
-- Second revision of the reporting branch. It references genres, which
-- the trunk creates in "Create genres", hence the depends_on edge.
-- sales_month holds 'YYYY-MM' (VARCHAR, not a date/time type).
CREATE TABLE monthly_genre_sales (
    sales_month VARCHAR(7) NOT NULL,
    genre_id INTEGER NOT NULL REFERENCES genres(id),
    copies_sold INTEGER NOT NULL DEFAULT 0,
    revenue DECIMAL(10,2) NOT NULL DEFAULT 0,
    PRIMARY KEY (sales_month, genre_id)
);

-- downgrade
DROP TABLE monthly_genre_sales;
