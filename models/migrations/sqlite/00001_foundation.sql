-- The tenant, its people and departments, and the tables every request leans on:
-- idempotency keys and the audit trail. Kept column for column in step with
-- ../postgres/00001_foundation.sql (a test compares them). Instants are DATETIME
-- so the driver reads them back as time values; civil days are TEXT checked to
-- be real YYYY-MM-DD dates.

-- +goose Up
CREATE TABLE organizations (
    id               TEXT PRIMARY KEY CHECK (length(id) = 36),
    slug             TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 2 AND 63 AND slug NOT GLOB '*[^a-z0-9-]*' AND substr(slug, 1, 1) <> '-'),
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone        TEXT NOT NULL DEFAULT 'Asia/Tokyo' CHECK (length(time_zone) BETWEEN 1 AND 64),
    language         TEXT NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en')),
    year_end_closing BOOLEAN NOT NULL DEFAULT 1 CHECK (year_end_closing IN (0, 1)),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);

CREATE TABLE organization_closing_days (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    day             TEXT NOT NULL CHECK (date(day) IS day),
    name            TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    PRIMARY KEY (organization_id, day)
);

CREATE TABLE departments (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    parent_id       TEXT,
    code            TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_kana       TEXT NOT NULL DEFAULT '' CHECK (length(name_kana) <= 200),
    kind            TEXT NOT NULL CHECK (kind IN ('bureau', 'department', 'division', 'section')),
    head_id         TEXT,
    counter_work    BOOLEAN NOT NULL DEFAULT 0 CHECK (counter_work IN (0, 1)),
    my_number_work  BOOLEAN NOT NULL DEFAULT 0 CHECK (my_number_work IN (0, 1)),
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, code),
    CHECK (parent_id IS NULL OR parent_id <> id),
    FOREIGN KEY (organization_id, parent_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, head_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX departments_parent ON departments (organization_id, parent_id);

CREATE TABLE employees (
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
CREATE INDEX employees_department ON employees (organization_id, department_id);
CREATE INDEX employees_supervisor ON employees (organization_id, supervisor_id);

CREATE TABLE employee_roles (
    organization_id TEXT NOT NULL,
    employee_id     TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('employee', 'supervisor', 'hr', 'admin')),
    PRIMARY KEY (employee_id, role),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE organization_officers (
    organization_id TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (length(role) BETWEEN 2 AND 64 AND role NOT GLOB '*[^a-z0-9_]*' AND substr(role, 1, 1) GLOB '[a-z]'),
    employee_id     TEXT NOT NULL,
    PRIMARY KEY (organization_id, role),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);

CREATE TABLE refresh_tokens (
    id                TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id   TEXT NOT NULL,
    employee_id       TEXT NOT NULL,
    family_id         TEXT NOT NULL,
    token_hash        TEXT NOT NULL UNIQUE,
    issued_at         DATETIME NOT NULL,
    expires_at        DATETIME NOT NULL,
    family_expires_at DATETIME NOT NULL,
    rotated_at        DATETIME,
    revoked_at        DATETIME,
    revoke_reason     TEXT,
    client_ip         TEXT NOT NULL DEFAULT '',
    user_agent        TEXT NOT NULL DEFAULT '',
    CHECK (expires_at > issued_at),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_employee ON refresh_tokens (employee_id) WHERE revoked_at IS NULL;

CREATE TABLE login_throttles (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL CHECK (failures >= 0),
    lockouts      INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
    window_start  DATETIME NOT NULL,
    locked_until  DATETIME,
    updated_at    DATETIME NOT NULL
);

CREATE TABLE idempotency_keys (
    organization_id TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    key             TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status_code     INTEGER,
    content_type    TEXT,
    response_body   BLOB,
    created_at      DATETIME NOT NULL,
    expires_at      DATETIME NOT NULL,
    PRIMARY KEY (organization_id, actor_id, key),
    FOREIGN KEY (organization_id, actor_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

CREATE TABLE audit_events (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT REFERENCES organizations (id),
    actor_id        TEXT,
    on_behalf_of_id TEXT,
    action          TEXT NOT NULL CHECK (action GLOB '[a-z]*.[a-z]*' AND action NOT GLOB '*[^a-z_.]*'),
    target_type     TEXT NOT NULL,
    target_id       TEXT NOT NULL DEFAULT '',
    before          TEXT CHECK (before IS NULL OR json_valid(before)),
    after           TEXT CHECK (after IS NULL OR json_valid(after)),
    request_id      TEXT NOT NULL DEFAULT '',
    client_ip       TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    FOREIGN KEY (organization_id, actor_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX audit_events_org_time ON audit_events (organization_id, created_at, id);
CREATE INDEX audit_events_target ON audit_events (organization_id, target_type, target_id);

-- +goose Down
-- departments and employees point at each other; check the keys at commit.
PRAGMA defer_foreign_keys = ON;
DROP TABLE audit_events;
DROP TABLE idempotency_keys;
DROP TABLE login_throttles;
DROP TABLE refresh_tokens;
DROP TABLE organization_officers;
DROP TABLE employee_roles;
DROP TABLE employees;
DROP TABLE departments;
DROP TABLE organization_closing_days;
DROP TABLE organizations;
