-- Transfers that take effect on a date (人事異動): an employee's departments
-- over time. See the PostgreSQL migration for the design.

-- +goose Up
CREATE TABLE assignments (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    employee_id     TEXT NOT NULL,
    department_id   TEXT NOT NULL,
    valid_from      TEXT NOT NULL CHECK (date(valid_from) IS valid_from),
    valid_to        TEXT CHECK (valid_to IS NULL OR date(valid_to) IS valid_to),
    note            TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_by      TEXT,
    created_at      DATETIME NOT NULL,
    FOREIGN KEY (organization_id, employee_id) REFERENCES employees (organization_id, id),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES employees (organization_id, id),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE UNIQUE INDEX assignments_start ON assignments (employee_id, valid_from);
CREATE UNIQUE INDEX assignments_open ON assignments (employee_id) WHERE valid_to IS NULL;
CREATE INDEX assignments_department ON assignments (organization_id, department_id, valid_from);

INSERT INTO assignments (id, organization_id, employee_id, department_id, valid_from, created_at)
SELECT e.id, e.organization_id, e.id, e.department_id,
       printf('%04d-04-01', CAST(strftime('%Y', o.created_at, '-3 months') AS INTEGER)),
       e.created_at
FROM employees e JOIN organizations o ON o.id = e.organization_id;

CREATE TABLE forecast_breaches (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    department_id   TEXT NOT NULL,
    day             TEXT NOT NULL CHECK (date(day) IS day),
    bound           TEXT NOT NULL CHECK (bound IN ('below_min', 'above_max')),
    notified_at     DATETIME NOT NULL,
    PRIMARY KEY (department_id, day, bound),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id)
);

-- +goose Down
DROP TABLE forecast_breaches;
DROP TABLE assignments;
