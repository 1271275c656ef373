-- The tenant, its people and departments, and the tables every request leans on:
-- idempotency keys and the audit trail.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE organizations (
    id               uuid PRIMARY KEY,
    slug             text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone        text NOT NULL DEFAULT 'Asia/Tokyo' CHECK (length(time_zone) BETWEEN 1 AND 64),
    language         text NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en')),
    year_end_closing boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

-- Days the organisation's offices are closed beyond weekends and national holidays
-- (by ordinance: e.g. a founding day).
CREATE TABLE organization_closing_days (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    day             date NOT NULL,
    name            text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    PRIMARY KEY (organization_id, day)
);

CREATE TABLE departments (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    parent_id       uuid,
    code            text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_kana       text NOT NULL DEFAULT '' CHECK (length(name_kana) <= 200),
    kind            text NOT NULL CHECK (kind IN ('bureau', 'department', 'division', 'section')),
    head_id         uuid,
    counter_work    boolean NOT NULL DEFAULT false,
    my_number_work  boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, code),
    CHECK (parent_id IS NULL OR parent_id <> id),
    FOREIGN KEY (organization_id, parent_id) REFERENCES departments (organization_id, id)
);
CREATE INDEX departments_parent ON departments (organization_id, parent_id);

CREATE TABLE employees (
    id                  uuid PRIMARY KEY,
    organization_id     uuid NOT NULL REFERENCES organizations (id),
    employee_number     text NOT NULL CHECK (length(employee_number) BETWEEN 1 AND 32),
    email               text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    family_name         text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
    given_name          text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
    family_name_kana    text NOT NULL DEFAULT '' CHECK (length(family_name_kana) <= 100),
    given_name_kana     text NOT NULL DEFAULT '' CHECK (length(given_name_kana) <= 100),
    department_id       uuid NOT NULL,
    supervisor_id       uuid,
    employment_type     text NOT NULL CHECK (employment_type IN ('regular', 'fiscal_year', 'temporary', 'probationary')),
    has_remote_pc       boolean NOT NULL DEFAULT false,
    active              boolean NOT NULL DEFAULT true,
    password_hash       text,
    password_changed_at timestamptz,
    deactivated_at      timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, employee_number),
    CHECK (supervisor_id IS NULL OR supervisor_id <> id),
    CHECK (active OR deactivated_at IS NOT NULL),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, supervisor_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX employees_department ON employees (organization_id, department_id);
CREATE INDEX employees_supervisor ON employees (organization_id, supervisor_id);

ALTER TABLE departments
    ADD CONSTRAINT departments_head_fk FOREIGN KEY (organization_id, head_id) REFERENCES employees (organization_id, id);

CREATE TABLE employee_roles (
    organization_id uuid NOT NULL,
    employee_id     uuid NOT NULL,
    role            text NOT NULL CHECK (role IN ('employee', 'supervisor', 'hr', 'admin')),
    PRIMARY KEY (employee_id, role),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE
);

-- Named officers of the organisation (e.g. the information-security officer) whom
-- approval routes can call on.
CREATE TABLE organization_officers (
    organization_id uuid NOT NULL,
    role            text NOT NULL CHECK (role ~ '^[a-z][a-z0-9_]{1,63}$'),
    employee_id     uuid NOT NULL,
    PRIMARY KEY (organization_id, role),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);

CREATE TABLE refresh_tokens (
    id                uuid PRIMARY KEY,
    organization_id   uuid NOT NULL,
    employee_id       uuid NOT NULL,
    family_id         uuid NOT NULL,
    token_hash        text NOT NULL UNIQUE,
    issued_at         timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    family_expires_at timestamptz NOT NULL,
    rotated_at        timestamptz,
    revoked_at        timestamptz,
    revoke_reason     text,
    client_ip         text NOT NULL DEFAULT '',
    user_agent        text NOT NULL DEFAULT '',
    CHECK (expires_at > issued_at),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_employee ON refresh_tokens (employee_id) WHERE revoked_at IS NULL;

-- Failed sign-ins per account and per client address, shared by every process.
CREATE TABLE login_throttles (
    key           text PRIMARY KEY,
    failures      integer NOT NULL CHECK (failures >= 0),
    lockouts      integer NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
    window_start  timestamptz NOT NULL,
    locked_until  timestamptz,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE idempotency_keys (
    organization_id uuid NOT NULL,
    actor_id        uuid NOT NULL,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method          text NOT NULL,
    path            text NOT NULL,
    request_hash    text NOT NULL,
    status_code     integer,
    content_type    text,
    response_body   bytea,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, actor_id, key),
    FOREIGN KEY (organization_id, actor_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Every change, written in the transaction that makes it. organization_id is
-- empty only for events that belong to no tenant (a failed sign-in with an
-- unknown address).
CREATE TABLE audit_events (
    id              uuid PRIMARY KEY,
    organization_id uuid REFERENCES organizations (id),
    actor_id        uuid,
    on_behalf_of_id uuid,
    action          text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    target_type     text NOT NULL,
    target_id       text NOT NULL DEFAULT '',
    before          jsonb,
    after           jsonb,
    request_id      text NOT NULL DEFAULT '',
    client_ip       text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    FOREIGN KEY (organization_id, actor_id) REFERENCES employees (organization_id, id)
);
CREATE INDEX audit_events_org_time ON audit_events (organization_id, created_at, id);
CREATE INDEX audit_events_target ON audit_events (organization_id, target_type, target_id);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE idempotency_keys;
DROP TABLE login_throttles;
DROP TABLE refresh_tokens;
DROP TABLE organization_officers;
DROP TABLE employee_roles;
ALTER TABLE departments DROP CONSTRAINT departments_head_fk;
DROP TABLE employees;
DROP TABLE departments;
DROP TABLE organization_closing_days;
DROP TABLE organizations;
