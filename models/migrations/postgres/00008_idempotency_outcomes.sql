-- An Idempotency-Key now records the change it produced (the resource and the
-- status of the answer), written in the transaction of that change, instead
-- of the rendered answer written after it. A crash between the commit and
-- the answer can then no longer leave a key "in progress" or lose its
-- outcome, and no answer (which may hold personal data) is stored. Keys
-- are kept for a day, so the old rows are simply dropped.

-- +goose Up
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    organization_id uuid NOT NULL,
    actor_id        uuid NOT NULL,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method          text NOT NULL,
    path            text NOT NULL,
    request_hash    text NOT NULL,
    status_code     integer NOT NULL CHECK (status_code BETWEEN 200 AND 299),
    resource_type   text NOT NULL CHECK (length(resource_type) BETWEEN 1 AND 64),
    resource_id     text NOT NULL CHECK (length(resource_id) BETWEEN 1 AND 64),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, actor_id, key),
    FOREIGN KEY (organization_id, actor_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    organization_id uuid NOT NULL,
    actor_id        uuid NOT NULL,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method          text NOT NULL,
    path            text NOT NULL,
    request_hash    text NOT NULL,
    status_code     integer,
    content_type    text,
    response_body   bytea,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, actor_id, key),
    FOREIGN KEY (organization_id, actor_id) REFERENCES employees (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
