-- The daily work-location ledger: where each employee works on a working
-- day, kept on write from approved requests, leave and satellite bookings.
-- Sparse: a working day with no row is a planned office day. HR's
-- corrections (with their reason) stand until HR withdraws them: deriving
-- the day again leaves them alone.

-- +goose Up
CREATE TABLE work_days (
    organization_id uuid NOT NULL REFERENCES organizations (id),
    employee_id     uuid NOT NULL,
    day             date NOT NULL,
    department_id   uuid NOT NULL,
    location        text NOT NULL CHECK (location IN ('office', 'home', 'satellite', 'elsewhere', 'leave')),
    portion         text NOT NULL CHECK (portion IN ('full', 'am', 'pm', 'hours')),
    minutes         integer NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 1440),
    office_id       uuid REFERENCES offices (id),
    request_id      uuid REFERENCES telework_requests (id),
    actual          boolean NOT NULL DEFAULT false,
    corrected_by    uuid,
    correction      text NOT NULL DEFAULT '' CHECK (char_length(correction) <= 500),
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (employee_id, day),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, corrected_by) REFERENCES employees (organization_id, id),
    CHECK ((corrected_by IS NULL) = (correction = ''))
);
CREATE INDEX work_days_org_day ON work_days (organization_id, day, department_id);

-- +goose Down
DROP TABLE work_days;
