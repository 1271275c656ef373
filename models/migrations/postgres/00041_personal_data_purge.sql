-- Family members past their retention are pseudonymised in place (requests
-- still point at them); purged_at says when, so a purge counts each once.

-- +goose Up
ALTER TABLE family_members ADD COLUMN purged_at timestamptz;
ALTER TABLE family_members ADD CONSTRAINT family_members_purged_is_deleted CHECK (purged_at IS NULL OR deleted_at IS NOT NULL);

-- +goose Down
ALTER TABLE family_members DROP CONSTRAINT family_members_purged_is_deleted;
ALTER TABLE family_members DROP COLUMN purged_at;
