-- The audit trail's hash chain. Rows are still inserted plain; the sealing
-- job gives each unsealed row its place in the chain (ids are time-ordered
-- but commit out of order, so the position is assigned at sealing, never
-- derived from the id) and the hash over its canonical content and the
-- previous row's hash. Checkpoints are the chain's head signed with a key
-- kept outside the database.

-- +goose Up
ALTER TABLE audit_events ADD COLUMN chain_position bigint CHECK (chain_position > 0);
ALTER TABLE audit_events ADD COLUMN chain_hash text CHECK (chain_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE audit_events ADD CONSTRAINT audit_events_sealed_whole CHECK ((chain_position IS NULL) = (chain_hash IS NULL));
CREATE UNIQUE INDEX audit_events_chain_position ON audit_events (chain_position);
CREATE INDEX audit_events_unsealed ON audit_events (created_at, id) WHERE chain_position IS NULL;

CREATE TABLE audit_checkpoints (
    position   bigint PRIMARY KEY CHECK (position > 0),
    hash       text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    row_count  bigint NOT NULL CHECK (row_count >= 0),
    signed_at  timestamptz NOT NULL,
    public_key text NOT NULL,
    signature  text NOT NULL
);

-- +goose Down
DROP TABLE audit_checkpoints;
DROP INDEX audit_events_unsealed;
DROP INDEX audit_events_chain_position;
ALTER TABLE audit_events DROP CONSTRAINT audit_events_sealed_whole;
ALTER TABLE audit_events DROP COLUMN chain_hash;
ALTER TABLE audit_events DROP COLUMN chain_position;
