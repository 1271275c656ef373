-- The dated staff record (issue 22): what HR records of a person from a
-- date on, so that eligibility and limits are judged on the facts of the
-- telework date. A row holds from valid_from until the next row's; reading
-- every row is the history. Commute is sensitive: shown only to HR and the
-- person, never to approvers, never in audit values.

-- +goose Up
CREATE TABLE staff_records (
    organization_id uuid NOT NULL,
    employee_id     uuid NOT NULL,
    valid_from      date NOT NULL,
    hire_date       date,
    employment_type text NOT NULL CHECK (employment_type IN ('regular', 'reappointed', 'reappointed_short', 'fixed_term', 'fiscal_year', 'temporary', 'probationary')),
    probation_until date,
    term_until      date,
    rank            text NOT NULL DEFAULT '' CHECK (rank IN ('', 'staff', 'shunin', 'kakaricho', 'kacho_hosa', 'kacho', 'jicho', 'bucho')),
    work_days       text NOT NULL DEFAULT '' CHECK (length(work_days) <= 80),
    commute_minutes integer CHECK (commute_minutes BETWEEN 0 AND 600),
    commute_km      integer CHECK (commute_km BETWEEN 0 AND 1000),
    workplace_id    uuid,
    recorded_by     uuid NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (employee_id, valid_from),
    CHECK (probation_until IS NULL OR probation_until >= valid_from),
    CHECK (term_until IS NULL OR term_until >= valid_from),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, workplace_id) REFERENCES offices (organization_id, id),
    FOREIGN KEY (organization_id, recorded_by) REFERENCES employees (organization_id, id)
);
CREATE INDEX staff_records_org ON staff_records (organization_id, employee_id, valid_from);

-- +goose Down
DROP TABLE staff_records;
