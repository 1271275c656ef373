-- Approval flows: the route of each request resolved to people as tasks, and
-- deputies (代理承認) named for a period. As ../postgres/00004_approvals.sql;
-- triggers stand in for the exclusion constraint on delegations.

-- +goose Up
CREATE TABLE approval_tasks (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL,
    request_id      TEXT NOT NULL,
    round           INTEGER NOT NULL CHECK (round >= 1),
    step_index      INTEGER NOT NULL CHECK (step_index >= 0),
    step_name       TEXT NOT NULL,
    step_label      TEXT NOT NULL DEFAULT '',
    mode            TEXT NOT NULL CHECK (mode IN ('any_of', 'all_of')),
    approver_kind   TEXT NOT NULL,
    approver_id     TEXT NOT NULL,
    conditional     BOOLEAN NOT NULL DEFAULT 0 CHECK (conditional IN (0, 1)),
    status          TEXT NOT NULL CHECK (status IN ('waiting', 'pending', 'approved', 'rejected', 'returned', 'skipped', 'cancelled')),
    decided_by      TEXT,
    on_behalf_of    TEXT,
    comment         TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    policy_versions TEXT NOT NULL DEFAULT '',
    decided_at      DATETIME,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (request_id, round, step_index, approver_id),
    CHECK ((status IN ('approved', 'rejected', 'returned')) = (decided_by IS NOT NULL)),
    FOREIGN KEY (organization_id, request_id) REFERENCES telework_requests (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, approver_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, decided_by) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, on_behalf_of) REFERENCES employees (organization_id, id)
);
CREATE INDEX approval_tasks_inbox ON approval_tasks (organization_id, approver_id, status);
CREATE INDEX approval_tasks_request ON approval_tasks (request_id, round, step_index);

CREATE TABLE delegations (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL,
    approver_id     TEXT NOT NULL,
    deputy_id       TEXT NOT NULL,
    starts_on       TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on         TEXT NOT NULL CHECK (date(ends_on) IS ends_on),
    note            TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_by      TEXT NOT NULL,
    revoked_at      DATETIME,
    created_at      DATETIME NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (deputy_id <> approver_id),
    FOREIGN KEY (organization_id, approver_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, deputy_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES employees (organization_id, id)
);
CREATE INDEX delegations_deputy ON delegations (organization_id, deputy_id) WHERE revoked_at IS NULL;

-- +goose StatementBegin
CREATE TRIGGER delegations_no_overlap_insert BEFORE INSERT ON delegations
WHEN NEW.revoked_at IS NULL AND EXISTS (
    SELECT 1 FROM delegations d WHERE d.approver_id = NEW.approver_id AND d.revoked_at IS NULL
      AND d.starts_on <= NEW.ends_on AND NEW.starts_on <= d.ends_on)
BEGIN
    SELECT RAISE(ABORT, 'delegation overlaps another for the same approver');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER delegations_no_overlap_update BEFORE UPDATE OF starts_on, ends_on, revoked_at ON delegations
WHEN NEW.revoked_at IS NULL AND EXISTS (
    SELECT 1 FROM delegations d WHERE d.approver_id = NEW.approver_id AND d.revoked_at IS NULL AND d.id <> NEW.id
      AND d.starts_on <= NEW.ends_on AND NEW.starts_on <= d.ends_on)
BEGIN
    SELECT RAISE(ABORT, 'delegation overlaps another for the same approver');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE delegations;
DROP TABLE approval_tasks;
