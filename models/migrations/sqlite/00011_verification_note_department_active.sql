-- HR verifies a family member with a note (what evidence it saw), and a
-- department can be deactivated: after a reorganisation it keeps its history
-- and takes no new staff.

-- +goose Up
ALTER TABLE family_members ADD COLUMN verification_note TEXT NOT NULL DEFAULT '' CHECK (length(verification_note) <= 2000);
ALTER TABLE departments ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

-- +goose Down
ALTER TABLE departments DROP COLUMN active;
ALTER TABLE family_members DROP COLUMN verification_note;
