-- Idempotency keys record the change they produced. As
-- ../postgres/00008_idempotency_outcomes.sql.

-- +goose Up
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    organization_id TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    key             TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status_code     INTEGER NOT NULL CHECK (status_code BETWEEN 200 AND 299),
    resource_type   TEXT NOT NULL CHECK (length(resource_type) BETWEEN 1 AND 64),
    resource_id     TEXT NOT NULL CHECK (length(resource_id) BETWEEN 1 AND 64),
    created_at      DATETIME NOT NULL,
    expires_at      DATETIME NOT NULL,
    PRIMARY KEY (organization_id, actor_id, key),
    FOREIGN KEY (organization_id, actor_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    organization_id TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    key             TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status_code     INTEGER,
    content_type    TEXT,
    response_body   BLOB,
    created_at      DATETIME NOT NULL,
    expires_at      DATETIME NOT NULL,
    PRIMARY KEY (organization_id, actor_id, key),
    FOREIGN KEY (organization_id, actor_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
