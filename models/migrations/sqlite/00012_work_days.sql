-- The daily work-location ledger: where each employee works on a working
-- day, kept on write from approved requests, leave and satellite bookings.
-- Sparse: a working day with no row is a planned office day. HR's
-- corrections (with their reason) stand until HR withdraws them: deriving
-- the day again leaves them alone.

-- +goose Up
CREATE TABLE work_days (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    employee_id     TEXT NOT NULL,
    day             TEXT NOT NULL CHECK (date(day) IS day),
    department_id   TEXT NOT NULL,
    location        TEXT NOT NULL CHECK (location IN ('office', 'home', 'satellite', 'elsewhere', 'leave')),
    portion         TEXT NOT NULL CHECK (portion IN ('full', 'am', 'pm', 'hours')),
    minutes         INTEGER NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 1440),
    office_id       TEXT REFERENCES offices (id),
    request_id      TEXT REFERENCES telework_requests (id),
    actual          BOOLEAN NOT NULL DEFAULT 0 CHECK (actual IN (0, 1)),
    corrected_by    TEXT,
    correction      TEXT NOT NULL DEFAULT '' CHECK (length(correction) <= 500),
    updated_at      DATETIME NOT NULL,
    PRIMARY KEY (employee_id, day),
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, corrected_by) REFERENCES employees (organization_id, id),
    CHECK ((corrected_by IS NULL) = (correction = ''))
);
CREATE INDEX work_days_org_day ON work_days (organization_id, day, department_id);

-- +goose Down
DROP TABLE work_days;
