-- The language each person reads kinmuchi and its e-mails in; '' follows the
-- organisation's.

-- +goose Up
ALTER TABLE employees ADD COLUMN language TEXT NOT NULL DEFAULT '' CHECK (language IN ('', 'ja', 'en'));

-- +goose Down
ALTER TABLE employees DROP COLUMN language;
