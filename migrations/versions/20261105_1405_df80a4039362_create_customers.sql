-- revision: df80a4039362
-- down_revision: 97e454d0eb40
-- message: Create customers
-- created: 2026-11-05T14:05:00Z

-- upgrade
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL UNIQUE,
    full_name VARCHAR(200) NOT NULL,
    joined_on DATE NOT NULL
);

-- downgrade
DROP TABLE customers;
