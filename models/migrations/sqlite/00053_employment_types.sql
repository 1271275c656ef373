-- The employment types the dated staff record knows (issue 22) are allowed on
-- the employee too: 再任用短時間勤務職員 (reappointed_short) and 任期付職員
-- (fixed_term), so that the employee's type and the record's can agree.
-- Widening keeps every row valid; going down folds the two back into the
-- nearest older type (reappointed, temporary) before narrowing.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt as in
-- 00006, foreign keys off while the old table is dropped (the PRAGMA works only
-- outside a transaction). The rows are copied unchanged, so every key holds.

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
    employment_type     TEXT NOT NULL CHECK (employment_type IN ('regular', 'reappointed', 'reappointed_short', 'fixed_term', 'fiscal_year', 'temporary', 'probationary')),
    has_remote_pc       BOOLEAN NOT NULL DEFAULT 0 CHECK (has_remote_pc IN (0, 1)),
    active              BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash       TEXT,
    password_changed_at DATETIME,
    deactivated_at      DATETIME,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL,
    language            TEXT NOT NULL DEFAULT '' CHECK (language IN ('', 'ja', 'en')),
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, employee_number),
    CHECK (supervisor_id IS NULL OR supervisor_id <> id),
    CHECK (active OR deactivated_at IS NOT NULL),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, supervisor_id) REFERENCES employees (organization_id, id)
);
INSERT INTO employees_new (id, organization_id, employee_number, email, family_name, given_name, family_name_kana, given_name_kana, department_id, supervisor_id, employment_type, has_remote_pc, active, password_hash, password_changed_at, deactivated_at, created_at, updated_at, language)
    SELECT id, organization_id, employee_number, email, family_name, given_name, family_name_kana, given_name_kana, department_id, supervisor_id, employment_type, has_remote_pc, active, password_hash, password_changed_at, deactivated_at, created_at, updated_at, language FROM employees;
DROP TABLE employees;
ALTER TABLE employees_new RENAME TO employees;
CREATE INDEX employees_department ON employees (organization_id, department_id);
CREATE INDEX employees_supervisor ON employees (organization_id, supervisor_id);
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN;
UPDATE employees SET employment_type = 'reappointed' WHERE employment_type = 'reappointed_short';
UPDATE employees SET employment_type = 'temporary' WHERE employment_type = 'fixed_term';
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
    language            TEXT NOT NULL DEFAULT '' CHECK (language IN ('', 'ja', 'en')),
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, employee_number),
    CHECK (supervisor_id IS NULL OR supervisor_id <> id),
    CHECK (active OR deactivated_at IS NOT NULL),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, supervisor_id) REFERENCES employees (organization_id, id)
);
INSERT INTO employees_new (id, organization_id, employee_number, email, family_name, given_name, family_name_kana, given_name_kana, department_id, supervisor_id, employment_type, has_remote_pc, active, password_hash, password_changed_at, deactivated_at, created_at, updated_at, language)
    SELECT id, organization_id, employee_number, email, family_name, given_name, family_name_kana, given_name_kana, department_id, supervisor_id, employment_type, has_remote_pc, active, password_hash, password_changed_at, deactivated_at, created_at, updated_at, language FROM employees;
DROP TABLE employees;
ALTER TABLE employees_new RENAME TO employees;
CREATE INDEX employees_department ON employees (organization_id, department_id);
CREATE INDEX employees_supervisor ON employees (organization_id, supervisor_id);
COMMIT;
PRAGMA foreign_keys = ON;
