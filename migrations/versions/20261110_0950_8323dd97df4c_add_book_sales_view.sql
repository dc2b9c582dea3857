-- revision: 8323dd97df4c
-- down_revision: 0cbcefeda198
-- message: Add book sales view
-- created: 2026-11-10T09:50:00Z
-- branch_labels: reporting

-- upgrade
-- First revision of the reporting branch, forked from the trunk at
-- "Create order items". The view only reads columns that no later
-- revision alters, so the trunk can keep changing books meanwhile.
CREATE VIEW book_sales AS
SELECT b.id AS book_id,
       b.title AS title,
       COALESCE(SUM(oi.quantity), 0) AS copies_sold,
       COALESCE(SUM(oi.quantity * oi.unit_price), 0) AS revenue
FROM books b
LEFT JOIN order_items oi ON oi.book_id = b.id
GROUP BY b.id, b.title;

-- downgrade
DROP VIEW book_sales;
