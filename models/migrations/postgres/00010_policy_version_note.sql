-- HR says why it stores a version (e.g. "家族の範囲にパートナーシップを追加"),
-- shown in the history of versions.

-- +goose Up
ALTER TABLE telework_policy_versions ADD COLUMN note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000);

-- +goose Down
ALTER TABLE telework_policy_versions DROP COLUMN note;
