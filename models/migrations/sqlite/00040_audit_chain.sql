-- The audit trail's hash chain (see the PostgreSQL migration of the same
-- number). SQLite cannot add a table constraint to an existing table, so the
-- "sealed whole" rule is a trigger pair.

-- +goose Up
ALTER TABLE audit_events ADD COLUMN chain_position INTEGER CHECK (chain_position > 0);
ALTER TABLE audit_events ADD COLUMN chain_hash TEXT CHECK (length(chain_hash) = 64 AND chain_hash NOT GLOB '*[^0-9a-f]*');
CREATE UNIQUE INDEX audit_events_chain_position ON audit_events (chain_position);
CREATE INDEX audit_events_unsealed ON audit_events (created_at, id) WHERE chain_position IS NULL;

-- +goose StatementBegin
CREATE TRIGGER audit_events_sealed_whole_update BEFORE UPDATE OF chain_position, chain_hash ON audit_events
WHEN (NEW.chain_position IS NULL) <> (NEW.chain_hash IS NULL)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: audit_events_sealed_whole'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_sealed_whole_insert BEFORE INSERT ON audit_events
WHEN (NEW.chain_position IS NULL) <> (NEW.chain_hash IS NULL)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: audit_events_sealed_whole'); END;
-- +goose StatementEnd

CREATE TABLE audit_checkpoints (
    position   INTEGER PRIMARY KEY CHECK (position > 0),
    hash       TEXT NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    row_count  INTEGER NOT NULL CHECK (row_count >= 0),
    signed_at  DATETIME NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_checkpoints;
DROP TRIGGER audit_events_sealed_whole_insert;
DROP TRIGGER audit_events_sealed_whole_update;
DROP INDEX audit_events_unsealed;
DROP INDEX audit_events_chain_position;
ALTER TABLE audit_events DROP COLUMN chain_hash;
ALTER TABLE audit_events DROP COLUMN chain_position;
