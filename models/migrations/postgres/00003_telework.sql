-- Telework: policy versions, the facts the rules need (family members, leave
-- and essential-staff days, department flags), requests with one row per
-- day, and the per-department-day rows that serialise the attendance band.

-- +goose Up
CREATE TABLE department_flags (
    organization_id uuid NOT NULL,
    department_id   uuid NOT NULL,
    flag            text NOT NULL CHECK (flag ~ '^[a-z][a-z0-9_]{0,63}$'),
    PRIMARY KEY (department_id, flag),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE telework_policy_versions (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    policy_id       text NOT NULL,
    version         text NOT NULL CHECK (length(version) BETWEEN 1 AND 100),
    effective_from  date NOT NULL,
    document        text NOT NULL,
    created_by      uuid,
    created_at      timestamptz NOT NULL,
    UNIQUE (organization_id, effective_from),
    UNIQUE (organization_id, version),
    FOREIGN KEY (organization_id, created_by) REFERENCES employees (organization_id, id)
);

-- 要配慮個人情報: only what a decision needs.
CREATE TABLE family_members (
    id                      uuid PRIMARY KEY,
    organization_id         uuid NOT NULL,
    employee_id             uuid NOT NULL,
    relation                text NOT NULL CHECK (length(relation) BETWEEN 1 AND 200),
    name                    text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    birth_date              date,
    cohabiting              boolean NOT NULL DEFAULT false,
    care_level              integer CHECK (care_level BETWEEN 0 AND 5),
    care_need_days          integer CHECK (care_need_days BETWEEN 0 AND 36500),
    partnership_certificate boolean NOT NULL DEFAULT false,
    evidence_note           text NOT NULL DEFAULT '' CHECK (length(evidence_note) <= 1000),
    verified_at             timestamptz,
    verified_by             uuid,
    deleted_at              timestamptz,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, verified_by) REFERENCES employees (organization_id, id)
);
CREATE INDEX family_members_employee ON family_members (organization_id, employee_id) WHERE deleted_at IS NULL;

-- Leave and essential-staff designations per person and day (HR enters them).
CREATE TABLE staff_days (
    organization_id uuid NOT NULL,
    employee_id     uuid NOT NULL,
    day             date NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('leave', 'essential')),
    portion         text NOT NULL DEFAULT 'full' CHECK (portion IN ('full', 'am', 'pm')),
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_by      uuid,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (employee_id, day, kind),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES employees (organization_id, id)
);
CREATE INDEX staff_days_org_day ON staff_days (organization_id, day);

CREATE TABLE telework_requests (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL,
    employee_id      uuid NOT NULL,
    department_id    uuid NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'returned', 'withdrawn', 'cancelled')),
    unit             text NOT NULL CHECK (unit IN ('full', 'am', 'pm', 'hours')),
    start_minute     integer CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute       integer CHECK (end_minute BETWEEN 1 AND 1440),
    place            text NOT NULL CHECK (place IN ('home', 'satellite', 'elsewhere')),
    place_detail     text NOT NULL DEFAULT '' CHECK (length(place_detail) <= 200),
    office_id        uuid REFERENCES offices (id),
    reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 64),
    family_member_id uuid,
    note             text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    decision         jsonb NOT NULL,
    flags            text NOT NULL DEFAULT '',
    submitted_at     timestamptz NOT NULL,
    decided_at       timestamptz,
    decided_by       uuid,
    decision_comment text NOT NULL DEFAULT '' CHECK (length(decision_comment) <= 2000),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
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

-- One row per requested day; active while the request is pending or approved,
-- which is what limits and attendance bands count.
CREATE TABLE telework_request_days (
    organization_id uuid NOT NULL,
    request_id      uuid NOT NULL,
    employee_id     uuid NOT NULL,
    department_id   uuid NOT NULL,
    day             date NOT NULL,
    unit            text NOT NULL CHECK (unit IN ('full', 'am', 'pm', 'hours')),
    minutes         integer NOT NULL CHECK (minutes >= 0), -- hours unit only
    reason          text NOT NULL,
    active          boolean NOT NULL,
    PRIMARY KEY (request_id, day),
    FOREIGN KEY (organization_id, request_id) REFERENCES telework_requests (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id)
);
-- Never two live requests for the same part of the same day.
CREATE UNIQUE INDEX telework_days_once ON telework_request_days (employee_id, day, unit) WHERE active;
CREATE INDEX telework_days_department ON telework_request_days (organization_id, department_id, day) WHERE active;
CREATE INDEX telework_days_employee ON telework_request_days (employee_id, day) WHERE active;

-- A row per department and day, locked by every request that counts against
-- that day's attendance band, so two requests for the last remote place
-- cannot both pass. remote counts the live remote requests of the day.
CREATE TABLE attendance_days (
    organization_id uuid NOT NULL,
    department_id   uuid NOT NULL,
    day             date NOT NULL,
    remote          integer NOT NULL DEFAULT 0 CHECK (remote >= 0),
    updated_at      timestamptz NOT NULL,
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
