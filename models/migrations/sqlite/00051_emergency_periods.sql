-- Emergency periods HR declares (災害・感染症のまん延 …), for the whole
-- organisation or limited to departments or usual workplaces (scopes).
-- The policy's emergency keys say what they relax.

-- +goose Up
CREATE TABLE emergency_periods (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind            TEXT NOT NULL CHECK (kind IN ('disaster', 'infection', 'other')),
    starts_on       TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on         TEXT NOT NULL CHECK (date(ends_on) IS ends_on),
    created_by      TEXT NOT NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    UNIQUE (organization_id, id),
    CHECK (ends_on >= starts_on),
    FOREIGN KEY (organization_id, created_by) REFERENCES employees (organization_id, id)
);
CREATE INDEX emergency_periods_org ON emergency_periods (organization_id, ends_on);

CREATE TABLE emergency_period_scopes (
    organization_id TEXT NOT NULL,
    emergency_id    TEXT NOT NULL,
    department_id   TEXT,
    office_id       TEXT,
    CHECK ((department_id IS NULL) <> (office_id IS NULL)),
    UNIQUE (emergency_id, department_id, office_id),
    FOREIGN KEY (organization_id, emergency_id) REFERENCES emergency_periods (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
    FOREIGN KEY (organization_id, office_id) REFERENCES offices (organization_id, id)
);

-- +goose Down
DROP TABLE emergency_period_scopes;
DROP TABLE emergency_periods;
