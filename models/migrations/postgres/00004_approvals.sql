-- Approval flows: the route of each request resolved to people as tasks, and
-- deputies (代理承認) named for a period.

-- +goose Up
CREATE TABLE approval_tasks (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    request_id      uuid NOT NULL,
    round           integer NOT NULL CHECK (round >= 1),
    step_index      integer NOT NULL CHECK (step_index >= 0),
    step_name       text NOT NULL,
    step_label      text NOT NULL DEFAULT '',
    mode            text NOT NULL CHECK (mode IN ('any_of', 'all_of')),
    approver_kind   text NOT NULL,
    approver_id     uuid NOT NULL,
    conditional     boolean NOT NULL DEFAULT false,
    status          text NOT NULL CHECK (status IN ('waiting', 'pending', 'approved', 'rejected', 'returned', 'skipped', 'cancelled')),
    decided_by      uuid,
    on_behalf_of    uuid,
    comment         text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    policy_versions text NOT NULL DEFAULT '',
    decided_at      timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
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
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    approver_id     uuid NOT NULL,
    deputy_id       uuid NOT NULL,
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_by      uuid NOT NULL,
    revoked_at      timestamptz,
    created_at      timestamptz NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (deputy_id <> approver_id),
    FOREIGN KEY (organization_id, approver_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, deputy_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES employees (organization_id, id),
    -- One deputy at a time per approver.
    EXCLUDE USING gist (approver_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&) WHERE (revoked_at IS NULL)
);
CREATE INDEX delegations_deputy ON delegations (organization_id, deputy_id) WHERE revoked_at IS NULL;

-- +goose Down
DROP TABLE delegations;
DROP TABLE approval_tasks;
