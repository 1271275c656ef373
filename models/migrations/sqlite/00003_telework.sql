-- Telework: policy versions, the facts the rules need (family members, leave
-- and essential-staff days, department flags), requests with one row per
-- day, and the per-department-day rows that serialise the attendance band.
-- Column for column as ../postgres/00003_telework.sql.

-- +goose Up
CREATE TABLE department_flags (
    organization_id TEXT NOT NULL,
    department_id   TEXT NOT NULL,
    flag            TEXT NOT NULL CHECK (length(flag) BETWEEN 1 AND 64 AND flag NOT GLOB '*[^a-z0-9_]*' AND substr(flag, 1, 1) GLOB '[a-z]'),
    PRIMARY KEY (department_id, flag),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE telework_policy_versions (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    policy_id       TEXT NOT NULL,
    version         TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 100),
    effective_from  TEXT NOT NULL CHECK (date(effective_from) IS effective_from),
    document        TEXT NOT NULL,
    created_by      TEXT,
    created_at      DATETIME NOT NULL,
    UNIQUE (organization_id, effective_from),
    UNIQUE (organization_id, version),
    FOREIGN KEY (organization_id, created_by) REFERENCES employees (organization_id, id)
);

CREATE TABLE family_members (
    id                      TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id         TEXT NOT NULL,
    employee_id             TEXT NOT NULL,
    relation                TEXT NOT NULL CHECK (length(relation) BETWEEN 1 AND 200),
    name                    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    birth_date              TEXT CHECK (birth_date IS NULL OR date(birth_date) IS birth_date),
    cohabiting              BOOLEAN NOT NULL DEFAULT 0 CHECK (cohabiting IN (0, 1)),
    care_level              INTEGER CHECK (care_level BETWEEN 0 AND 5),
    care_need_days          INTEGER CHECK (care_need_days BETWEEN 0 AND 36500),
    partnership_certificate BOOLEAN NOT NULL DEFAULT 0 CHECK (partnership_certificate IN (0, 1)),
    evidence_note           TEXT NOT NULL DEFAULT '' CHECK (length(evidence_note) <= 1000),
    verified_at             DATETIME,
    verified_by             TEXT,
    deleted_at              DATETIME,
    created_at              DATETIME NOT NULL,
    updated_at              DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, verified_by) REFERENCES employees (organization_id, id)
);
CREATE INDEX family_members_employee ON family_members (organization_id, employee_id) WHERE deleted_at IS NULL;

CREATE TABLE staff_days (
    organization_id TEXT NOT NULL,
    employee_id     TEXT NOT NULL,
    day             TEXT NOT NULL CHECK (date(day) IS day),
    kind            TEXT NOT NULL CHECK (kind IN ('leave', 'essential')),
    portion         TEXT NOT NULL DEFAULT 'full' CHECK (portion IN ('full', 'am', 'pm')),
    note            TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_by      TEXT,
    created_at      DATETIME NOT NULL,
    PRIMARY KEY (employee_id, day, kind),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES employees (organization_id, id)
);
CREATE INDEX staff_days_org_day ON staff_days (organization_id, day);

CREATE TABLE telework_requests (
    id               TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id  TEXT NOT NULL,
    employee_id      TEXT NOT NULL,
    department_id    TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'returned', 'withdrawn', 'cancelled')),
    unit             TEXT NOT NULL CHECK (unit IN ('full', 'am', 'pm', 'hours')),
    start_minute     INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute       INTEGER CHECK (end_minute BETWEEN 1 AND 1440),
    place            TEXT NOT NULL CHECK (place IN ('home', 'satellite', 'elsewhere')),
    place_detail     TEXT NOT NULL DEFAULT '' CHECK (length(place_detail) <= 200),
    office_id        TEXT REFERENCES offices (id),
    reason           TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 64),
    family_member_id TEXT,
    note             TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    decision         TEXT NOT NULL CHECK (json_valid(decision)),
    flags            TEXT NOT NULL DEFAULT '',
    submitted_at     DATETIME NOT NULL,
    decided_at       DATETIME,
    decided_by       TEXT,
    decision_comment TEXT NOT NULL DEFAULT '' CHECK (length(decision_comment) <= 2000),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    CHECK ((unit = 'hours') = (start_minute IS NOT NULL AND end_minute IS NOT NULL)),
    CHECK (start_minute IS NULL OR end_minute > start_minute),
    CHECK (place <> 'satellite' OR office_id IS NOT NULL),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, family_member_id) REFERENCES family_members (organization_id, id),
    FOREIGN KEY (organization_id, decided_by) REFERENCES employees (organization_id, id)
);
CREATE INDEX telework_requests_employee ON telework_requests (organization_id, employee_id, id);
CREATE INDEX telework_requests_department ON telework_requests (organization_id, department_id, id);

CREATE TABLE telework_request_days (
    organization_id TEXT NOT NULL,
    request_id      TEXT NOT NULL,
    employee_id     TEXT NOT NULL,
    department_id   TEXT NOT NULL,
    day             TEXT NOT NULL CHECK (date(day) IS day),
    unit            TEXT NOT NULL CHECK (unit IN ('full', 'am', 'pm', 'hours')),
    minutes         INTEGER NOT NULL CHECK (minutes >= 0), -- hours unit only
    reason          TEXT NOT NULL,
    active          BOOLEAN NOT NULL CHECK (active IN (0, 1)),
    PRIMARY KEY (request_id, day),
    FOREIGN KEY (organization_id, request_id) REFERENCES telework_requests (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);
CREATE UNIQUE INDEX telework_days_once ON telework_request_days (employee_id, day, unit) WHERE active;
CREATE INDEX telework_days_department ON telework_request_days (organization_id, department_id, day) WHERE active;
CREATE INDEX telework_days_employee ON telework_request_days (employee_id, day) WHERE active;

CREATE TABLE attendance_days (
    organization_id TEXT NOT NULL,
    department_id   TEXT NOT NULL,
    day             TEXT NOT NULL CHECK (date(day) IS day),
    remote          INTEGER NOT NULL DEFAULT 0 CHECK (remote >= 0),
    updated_at      DATETIME NOT NULL,
    PRIMARY KEY (department_id, day),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id)
);

-- +goose Down
DROP TABLE attendance_days;
DROP TABLE telework_request_days;
DROP TABLE telework_requests;
DROP TABLE staff_days;
DROP TABLE family_members;
DROP TABLE telework_policy_versions;
DROP TABLE department_flags;
