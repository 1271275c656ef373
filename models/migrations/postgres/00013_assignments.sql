-- Transfers that take effect on a date (人事異動): an employee's departments
-- over time. employees.department_id stays the department as of today (a job
-- moves it on the effective date); everything that depends on a date (the
-- ledger, the attendance-band counters, membership in the ratio report) asks
-- this history instead. Each employee's rows tile time: valid_to is the next
-- row's valid_from, and only the last row is open.
--
-- The first row starts on the organisation's first day (1 April of the fiscal
-- year it was set up in): kinmuchi records departments, not hire dates.
--
-- forecast_breaches remembers each breach the attendance forecast has
-- announced, so that a breach notifies once, not on every recomputation.

-- +goose Up
CREATE TABLE assignments (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    employee_id     uuid NOT NULL,
    department_id   uuid NOT NULL,
    valid_from      date NOT NULL,
    valid_to        date,
    note            text NOT NULL DEFAULT '' CHECK (char_length(note) <= 200),
    created_by      uuid,
    created_at      timestamptz NOT NULL,
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
       make_date(extract(year FROM (o.created_at AT TIME ZONE o.time_zone) - interval '3 months')::int, 4, 1),
       e.created_at
FROM employees e JOIN organizations o ON o.id = e.organization_id;

CREATE TABLE forecast_breaches (
    organization_id uuid NOT NULL REFERENCES organizations (id),
    department_id   uuid NOT NULL,
    day             date NOT NULL,
    bound           text NOT NULL CHECK (bound IN ('below_min', 'above_max')),
    notified_at     timestamptz NOT NULL,
    PRIMARY KEY (department_id, day, bound),
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id)
);

-- +goose Down
DROP TABLE forecast_breaches;
DROP TABLE assignments;
