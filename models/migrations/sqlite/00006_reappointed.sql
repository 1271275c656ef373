-- Reappointed staff (再任用職員), whom telework policies commonly name beside
-- regular staff. SQLite cannot change a CHECK constraint in place: the table
-- is rebuilt, with foreign keys off while the old table is dropped (the PRAGMA
-- works only outside a transaction, hence NO TRANSACTION and our own BEGIN).
-- The rows are copied unchanged, so every key still holds.

-- +goose NO TRANSACTION
-- +goose Up
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE employees_new (
    id                  TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id     TEXT NOT NULL REFERENCES organizations (id),
    employee_number     TEXT NOT NULL CHECK (length(employee_number) BETWEEN 1 AND 32),
    email               TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    family_name         TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
    given_name          TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
    family_name_kana    TEXT NOT NULL DEFAULT '' CHECK (length(family_name_kana) <= 100),
    given_name_kana     TEXT NOT NULL DEFAULT '' CHECK (length(given_name_kana) <= 100),
    department_id       TEXT NOT NULL,
    supervisor_id       TEXT,
    employment_type     TEXT NOT NULL CHECK (employment_type IN ('regular', 'reappointed', 'fiscal_year', 'temporary', 'probationary')),
    has_remote_pc       BOOLEAN NOT NULL DEFAULT 0 CHECK (has_remote_pc IN (0, 1)),
    active              BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash       TEXT,
    password_changed_at DATETIME,
    deactivated_at      DATETIME,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, employee_number),
    CHECK (supervisor_id IS NULL OR supervisor_id <> id),
    CHECK (active OR deactivated_at IS NOT NULL),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, supervisor_id) REFERENCES employees (organization_id, id)
);
INSERT INTO employees_new SELECT * FROM employees;
DROP TABLE employees;
ALTER TABLE employees_new RENAME TO employees;
CREATE INDEX employees_department ON employees (organization_id, department_id);
CREATE INDEX employees_supervisor ON employees (organization_id, supervisor_id);
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN;
UPDATE employees SET employment_type = 'regular' WHERE employment_type = 'reappointed';
CREATE TABLE employees_new (
    id                  TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id     TEXT NOT NULL REFERENCES organizations (id),
    employee_number     TEXT NOT NULL CHECK (length(employee_number) BETWEEN 1 AND 32),
    email               TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    family_name         TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
    given_name          TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
    family_name_kana    TEXT NOT NULL DEFAULT '' CHECK (length(family_name_kana) <= 100),
    given_name_kana     TEXT NOT NULL DEFAULT '' CHECK (length(given_name_kana) <= 100),
    department_id       TEXT NOT NULL,
    supervisor_id       TEXT,
    employment_type     TEXT NOT NULL CHECK (employment_type IN ('regular', 'fiscal_year', 'temporary', 'probationary')),
    has_remote_pc       BOOLEAN NOT NULL DEFAULT 0 CHECK (has_remote_pc IN (0, 1)),
    active              BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash       TEXT,
    password_changed_at DATETIME,
    deactivated_at      DATETIME,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, employee_number),
    CHECK (supervisor_id IS NULL OR supervisor_id <> id),
    CHECK (active OR deactivated_at IS NOT NULL),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, supervisor_id) REFERENCES employees (organization_id, id)
);
INSERT INTO employees_new SELECT * FROM employees;
DROP TABLE employees;
ALTER TABLE employees_new RENAME TO employees;
CREATE INDEX employees_department ON employees (organization_id, department_id);
CREATE INDEX employees_supervisor ON employees (organization_id, supervisor_id);
COMMIT;
PRAGMA foreign_keys = ON;
