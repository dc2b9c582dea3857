-- revision: 891d90252aca
-- down_revision: 07c9f652c98c
-- message: Add phone to customers
-- created: 2026-11-25T14:30:00Z

-- upgrade
ALTER TABLE customers ADD COLUMN phone VARCHAR(30);

-- downgrade
ALTER TABLE customers DROP COLUMN phone;
