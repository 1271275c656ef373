-- HR says why it stores a version (e.g. "家族の範囲にパートナーシップを追加"),
-- shown in the history of versions.

-- +goose Up
ALTER TABLE telework_policy_versions ADD COLUMN note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000);

-- +goose Down
ALTER TABLE telework_policy_versions DROP COLUMN note;
