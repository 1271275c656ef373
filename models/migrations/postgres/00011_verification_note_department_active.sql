-- HR verifies a family member with a note (what evidence it saw), and a
-- department can be deactivated: after a reorganisation it keeps its history
-- and takes no new staff.

-- +goose Up
ALTER TABLE family_members ADD COLUMN verification_note text NOT NULL DEFAULT '' CHECK (char_length(verification_note) <= 2000);
ALTER TABLE departments ADD COLUMN active boolean NOT NULL DEFAULT true;

-- +goose Down
ALTER TABLE departments DROP COLUMN active;
ALTER TABLE family_members DROP COLUMN verification_note;
